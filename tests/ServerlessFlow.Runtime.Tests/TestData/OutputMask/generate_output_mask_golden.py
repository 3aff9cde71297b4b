"""Generates output_mask.golden.json: what StackStorm's own _get_masked_value (st2common/util/output_schema.py, the
recursive core of mask_secret_output) answers for an output schema and a value. The function is loaded from a
StackStorm git checkout (it needs only the standard library and MASKED_ATTRIBUTE_VALUE).

    /usr/bin/python3 generate_output_mask_golden.py <st2 git dir> > output_mask.golden.json
"""
import ast
import copy
import json
import re
import subprocess
import sys
from collections.abc import Mapping, MutableMapping, MutableSequence, Sequence


def load_st2_function(git_dir):
    source = subprocess.check_output(
        ["git", "--git-dir", git_dir, "show", "HEAD:st2common/st2common/util/output_schema.py"], text=True)
    constants = subprocess.check_output(
        ["git", "--git-dir", git_dir, "show", "HEAD:st2common/st2common/constants/secrets.py"], text=True)
    masked = re.search(r'^MASKED_ATTRIBUTE_VALUE = "([^"]*)"', constants, re.M).group(1)
    tree = ast.parse(source)
    names = {"_JSON_BASIC_TYPES", "_JSON_COMPLEX_TYPES", "_JSON_TYPES", "_get_masked_value"}
    keep = [n for n in tree.body
            if (isinstance(n, ast.FunctionDef) and n.name in names)
            or (isinstance(n, ast.Assign) and any(getattr(t, "id", None) in names for t in n.targets))]
    scope = {"re": re, "Mapping": Mapping, "MutableMapping": MutableMapping, "MutableSequence": MutableSequence,
             "Sequence": Sequence, "MASKED_ATTRIBUTE_VALUE": masked}
    exec(compile(ast.Module(body=keep, type_ignores=[]), "output_schema.py", "exec"), scope)
    return scope["_get_masked_value"]


S = {"type": "string", "secret": True}
CASES = [
    ("secret string", S, "hunter2"),
    ("plain string", {"type": "string"}, "visible"),
    ("secret without type", {"secret": True}, 5),
    ("secret truthy string", {"type": "integer", "secret": "yes"}, 5),
    ("secret false", {"type": "integer", "secret": False}, 5),
    ("secret number whole object", {"type": "object", "secret": True}, {"a": 1}),
    ("object properties", {"type": "object", "properties": {"token": S, "user": {"type": "string"}}},
     {"token": "t", "user": "u", "other": "o"}),
    ("object property missing", {"type": "object", "properties": {"token": S}}, {"user": "u"}),
    ("nested object", {"type": "object", "properties": {"auth": {"type": "object", "properties": {"key": S}}}},
     {"auth": {"key": "k", "id": 1}}),
    ("object type mismatch", {"type": "object", "properties": {"token": S}}, ["token"]),
    ("pattern properties", {"type": "object", "properties": {"id": {"type": "integer"}},
                            "patternProperties": {"^pass": S, "word$": {"type": "string"}}},
     {"id": 1, "password": "p", "passphrase": "q", "keyword": "k", "name": "n"}),
    ("pattern search not anchored", {"type": "object", "patternProperties": {"secret": S}},
     {"my_secret_key": "x", "public": "y"}),
    ("additional properties schema", {"type": "object", "properties": {"id": {"type": "integer"}},
                                      "additionalProperties": S}, {"id": 1, "a": "x", "b": "y"}),
    ("additional properties true", {"type": "object", "properties": {"id": S}, "additionalProperties": True},
     {"id": 1, "a": "x"}),
    ("pattern before additional", {"type": "object", "patternProperties": {"^k": {"type": "string"}},
                                   "additionalProperties": S}, {"key": "k", "other": "o"}),
    ("empty properties with additional", {"type": "object", "properties": {}, "additionalProperties": S},
     {"a": 1}),
    ("array items schema", {"type": "array", "items": S}, ["a", "b"]),
    ("array of objects", {"type": "array", "items": {"type": "object", "properties": {"pw": S}}},
     [{"pw": "1", "n": 1}, {"n": 2}, "x"]),
    ("array tuple items", {"type": "array", "items": [{"type": "string"}, S]}, ["a", "b", "c"]),
    ("array tuple additional items", {"type": "array", "items": [{"type": "string"}], "additionalItems": S},
     ["a", "b", "c"]),
    ("array tuple longer than value", {"type": "array", "items": [S, S, S]}, ["a"]),
    ("array type mismatch", {"type": "array", "items": S}, "abc"),
    ("array string items", {"type": "array", "items": "ab", "additionalItems": S}, ["a", "b", "c"]),
    ("unknown type", {"type": "thing", "properties": {"a": S}}, {"a": 1}),
    ("no type", {"properties": {"a": S}}, {"a": 1}),
    ("malformed spec", "secret", "value"),
    ("null value secret", S, None),
]


def main():
    masked_value = load_st2_function(sys.argv[1])
    out = []
    for name, spec, value in CASES:
        out.append({"name": name, "schema": spec, "value": value,
                    "expected": masked_value(copy.deepcopy(spec), copy.deepcopy(value))})
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


main()
