import datetime
import enum
import unittest
import uuid

from sflow_worker.results import NotJsonError, to_plain


class Color(enum.Enum):
    RED = "red"


class ToPlainTests(unittest.TestCase):
    def test_orjson_types(self):
        value = {"d": datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc), "u": uuid.UUID(int=1),
                 "e": Color.RED, "t": (1, 2), "f": float("inf")}
        self.assertEqual({"d": "2026-01-02T03:04:05+00:00", "u": "00000000-0000-0000-0000-000000000001",
                          "e": "red", "t": [1, 2], "f": None}, to_plain(value))

    def test_bytes_are_refused_with_path(self):
        with self.assertRaises(NotJsonError) as caught:
            to_plain({"a": [b"x"]})
        self.assertEqual("result['a'][0] is a bytes, which has no JSON form", str(caught.exception))

    def test_huge_integers_are_refused(self):
        with self.assertRaises(NotJsonError):
            to_plain(2 ** 70)


if __name__ == "__main__":
    unittest.main()
