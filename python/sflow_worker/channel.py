"""The worker's side of the protocol: JSON lines on private file descriptors, with request/answer routing.

At start-up the worker takes its original stdin and stdout for the protocol and points file descriptors
0 and 1 elsewhere (0 at /dev/null, 1 at stderr), so a pack that prints, or a subprocess it starts, can never
write into the protocol stream.
"""

import itertools
import json
import os
import queue
import sys
import threading

__all__ = ["Channel", "ChannelClosed", "HostError"]


class ChannelClosed(Exception):
    """The host closed the protocol stream (it is stopping or has gone)."""


class HostError(Exception):
    """The host answered a request with an error."""


class Channel(object):
    """Reads host messages on a background thread; commands go to a queue, answers to the thread that asked."""

    def __init__(self, reader, writer):
        self._reader = reader
        self._writer = writer
        self._write_lock = threading.Lock()
        self._pending = {}
        self._pending_lock = threading.Lock()
        self._ids = itertools.count(1)
        self._closed = threading.Event()
        self.commands = queue.Queue()
        self._thread = threading.Thread(target=self._read_loop, name="sflow-channel", daemon=True)

    @classmethod
    def take_standard_streams(cls):
        """Moves the protocol to private copies of fds 0 and 1, and redirects 0 to /dev/null and 1 to stderr."""
        sys.stdout.flush()
        protocol_in = os.dup(0)
        protocol_out = os.dup(1)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.dup2(2, 1)
        for fd in (protocol_in, protocol_out):
            os.set_inheritable(fd, False)
        reader = os.fdopen(protocol_in, "rb", buffering=0)
        writer = os.fdopen(protocol_out, "wb", buffering=0)
        return cls(reader, writer)

    def start(self):
        self._thread.start()

    def send(self, message):
        """Writes one message as one line."""
        data = json.dumps(message, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8") + b"\n"
        with self._write_lock:
            try:
                self._writer.write(data)
                self._writer.flush()
            except (BrokenPipeError, OSError, ValueError):
                raise ChannelClosed("the host closed the protocol stream")

    def answer(self, request_id, value=None, error=None):
        message = {"op": "result", "id": request_id, "value": value}
        if error is not None:
            message["error"] = error
        self.send(message)

    def request(self, op, **fields):
        """Sends a request to the host and waits for its answer (any thread may call this)."""
        request_id = "w%d" % next(self._ids)
        waiter = {"event": threading.Event(), "message": None}
        with self._pending_lock:
            if self._closed.is_set():
                raise ChannelClosed("the host closed the protocol stream")
            self._pending[request_id] = waiter
        message = dict(fields)
        message["op"] = op
        message["id"] = request_id
        try:
            self.send(message)
            waiter["event"].wait()
        finally:
            with self._pending_lock:
                self._pending.pop(request_id, None)
        answer = waiter["message"]
        if answer is None:
            raise ChannelClosed("the host closed the protocol stream")
        if answer.get("error"):
            raise HostError(answer["error"])
        return answer.get("value")

    def _read_loop(self):
        buffer = b""
        try:
            while True:
                chunk = self._reader.read(65536)
                if not chunk:
                    break
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    if line.strip():
                        self._dispatch(json.loads(line.decode("utf-8")))
        except (OSError, ValueError) as e:
            sys.stderr.write("sflow worker: protocol stream failed: %s\n" % (e,))
        finally:
            self._closed.set()
            with self._pending_lock:
                waiters = list(self._pending.values())
            for waiter in waiters:
                waiter["event"].set()
            self.commands.put(None)

    def _dispatch(self, message):
        if message.get("op") == "result":
            with self._pending_lock:
                waiter = self._pending.get(message.get("id"))
            if waiter is not None:
                waiter["message"] = message
                waiter["event"].set()
            return
        self.commands.put(message)

    @property
    def closed(self):
        return self._closed.is_set()
