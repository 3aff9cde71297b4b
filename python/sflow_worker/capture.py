"""Captures everything written to file descriptors 1 and 2 while pack code runs, subprocesses included."""

import os
import sys
import tempfile

__all__ = ["Capture"]

TRUNCATED = "\n[output truncated: more than %d bytes]\n"


class Capture(object):
    """Points fds 1 and 2 at temporary files for the duration of a with-block."""

    def __init__(self, limit):
        self._limit = limit
        self.stdout = ""
        self.stderr = ""

    def __enter__(self):
        _flush()
        self._files = (tempfile.TemporaryFile(), tempfile.TemporaryFile())
        self._saved = (os.dup(1), os.dup(2))
        os.dup2(self._files[0].fileno(), 1)
        os.dup2(self._files[1].fileno(), 2)
        return self

    def __exit__(self, *exc):
        _flush()
        os.dup2(self._saved[0], 1)
        os.dup2(self._saved[1], 2)
        for fd in self._saved:
            os.close(fd)
        self.stdout = self._read(self._files[0])
        self.stderr = self._read(self._files[1])
        for f in self._files:
            f.close()
        return False

    def _read(self, f):
        f.seek(0)
        data = f.read(self._limit + 1)
        text = data[: self._limit].decode("utf-8", errors="replace")
        if len(data) > self._limit:
            text += TRUNCATED % self._limit
        return text


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
