#!/usr/bin/python3
"""Golden values for WebhookRequestParser.ParseQueryString from Python's own urllib.parse.parse_qs
(what StackStorm's router calls for form bodies). Run: /usr/bin/python3 generate_parse_qs.py > parse_qs.json"""
import json
import sys
from urllib.parse import parse_qs

CASES = [
    "a=1&b=2",
    "a=1&a=2&b=3",
    "name=John+Smith&city=New%20York",
    "empty=&blank&x=1",
    "&&a=1&&",
    "utf8=%C3%A9t%C3%A9",
    "bad=%ZZ%4&pct=100%",
    "invalid_utf8=%FF%FE",
    "eq=a=b=c",
    "semi=a;b=c",
    "plus%2Bname=v",
    "=novalue_name",
    "",
]

json.dump([{"input": c, "expected": parse_qs(c)} for c in CASES], sys.stdout, indent=2, ensure_ascii=False)
sys.stdout.write("\n")
