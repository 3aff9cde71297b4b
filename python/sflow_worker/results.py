"""Turns what pack code returns into plain JSON values, the way StackStorm's wrapper (orjson) serialises them.

orjson writes datetime, date and time as RFC 3339 text, UUIDs as text, dataclasses and enums by value, tuples as
lists, and NaN/Infinity as null. Anything else cannot be stored as a result; NotJsonError names where it is.
"""

import dataclasses
import datetime
import enum
import math
import uuid

__all__ = ["NotJsonError", "to_plain"]

MAX_DEPTH = 254
INT64_MIN = -(2 ** 63)
UINT64_MAX = 2 ** 64 - 1


class NotJsonError(TypeError):
    """A value that has no JSON form; the message names its path and type."""


def to_plain(value, path="result", depth=0):
    if depth > MAX_DEPTH:
        raise NotJsonError("%s nests deeper than %d levels" % (path, MAX_DEPTH))
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        if value < INT64_MIN or value > UINT64_MAX:
            raise NotJsonError("%s is an integer too large for JSON (%d digits)" % (path, len(str(abs(value)))))
        return int(value)
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if isinstance(value, dict):
        plain = {}
        for key, item in value.items():
            plain[_key(key, path)] = to_plain(item, "%s[%r]" % (path, key), depth + 1)
        return plain
    if isinstance(value, (list, tuple)):
        return [to_plain(item, "%s[%d]" % (path, i), depth + 1) for i, item in enumerate(value)]
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return to_plain(value.value, path, depth + 1)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name), "%s.%s" % (path, f.name), depth + 1) for f in dataclasses.fields(value)}
    raise NotJsonError("%s is a %s, which has no JSON form" % (path, type(value).__name__))


def _key(key, path):
    # Python's json module writes these keys as text; orjson refuses them, which makes StackStorm fall back to
    # str() of the whole result. Writing them as json.dumps does keeps the result usable.
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, (int, float)):
        return repr(key) if isinstance(key, float) else str(key)
    raise NotJsonError("%s has a key of type %s, which JSON cannot hold" % (path, type(key).__name__))
