"""Generates criteria.golden.json: every StackStorm criteria operator name evaluated by
StackStorm's own st2reactor RuleFilter (which calls st2common.operators and PayloadLookup),
loaded from a StackStorm git checkout by st2harness.py.

Run (from this folder), with git directories from `fetch github:StackStorm/st2` and
`fetch github:kennknowles/python-jsonpath-rw`:
    /usr/bin/python3 generate_criteria_golden.py <st2 git dir> <jsonpath-rw git dir>
"""
import datetime
import json
import sys

import dateutil.tz

import st2harness

NOW = datetime.datetime(2024, 5, 1, 12, 0, 0, tzinfo=dateutil.tz.tzutc())

ALL_OPERATORS = [
    "matchwildcard", "matchregex", "regex", "iregex", "eq", "equals", "nequals", "neq", "ieq", "iequals",
    "contains", "icontains", "ncontains", "incontains", "startswith", "istartswith", "endswith", "iendswith",
    "lt", "lessthan", "gt", "greaterthan", "td_lt", "timediff_lt", "td_gt", "timediff_gt", "exists", "nexists",
    "inside", "in", "ninside", "nin", "search",
]

# Values every operator is tried against: the same shapes everywhere so null, type-mismatch and
# nested cases are covered for each name.
VALUES = {
    "null": None,
    "true": True,
    "int": 5,
    "float": 5.0,
    "string": "Hello World",
    "digits": "5",
    "list": ["a", "b", 5],
    "dict": {"a": 1, "b": {"c": "d"}},
    "date_recent": "2024-05-01T11:59:55Z",
    "date_old": "2014-07-01T00:01:01.000000",
}

PATTERNS_BY_OP = {
    "matchwildcard": ["Hello*", "*World", "h?llo*", "[HJ]ello*", "[!H]ello*", "*o W*", None, 5],
    "matchregex": ["Hello", "World", "^H.*d$", "(?P<w>World)", "hello", "[", None, 5],
    "regex": ["World", "^World", "o W", "\\d", "[", None, 5],
    "iregex": ["world", "^hello", "\\d", None, 5],
    "equals": ["Hello World", "hello world", "5", 5, 5.0, True, None, ["a", "b", 5], {"a": 1, "b": {"c": "d"}}],
    "nequals": ["Hello World", "5", 5, None, True],
    "iequals": ["hello world", "HELLO WORLD", "5", 5, None],
    "contains": ["World", "world", "a", 5, "c", None, ["a"]],
    "icontains": ["world", "A", 5, None],
    "ncontains": ["World", "zzz", "a", 5, None],
    "incontains": ["WORLD", "zzz", 5, None],
    "startswith": ["Hello", "hello", "", 5, None],
    "istartswith": ["hello", "WORLD", 5, None],
    "endswith": ["World", "world", 5, None],
    "iendswith": ["WORLD", "hello", 5, None],
    "lessthan": [10, 1, 5, 5.5, "Z", "a", None, [1]],
    "greaterthan": [1, 10, 5, "A", "z", None, True],
    "timediff_lt": [10, "10", 1, 100000000, "abc", None],
    "timediff_gt": [10, "10", 1, 100000000, None],
    "exists": [None, "x"],
    "nexists": [None, "x"],
    "inside": ["Hello World!", ["a", 5, "Hello World"], {"a": 1, "Hello World": 2}, "xyz", 5, None],
    "ninside": ["Hello World!", ["a", 5], {"a": 1}, "xyz", 5, None],
}
ALIASES = {"eq": "equals", "neq": "nequals", "ieq": "iequals", "lt": "lessthan", "gt": "greaterthan",
           "td_lt": "timediff_lt", "td_gt": "timediff_gt", "in": "inside", "nin": "ninside"}


def case(name, criteria, payload, source):
    return {"name": name, "criteria": criteria, "payload": payload, "source": source}


def operator_cases():
    cases = []
    for op in ALL_OPERATORS:
        if op == "search":
            continue
        patterns = PATTERNS_BY_OP[ALIASES.get(op, op)]
        for value_name, value in VALUES.items():
            if value_name.startswith("date") and not op.startswith("t"):
                continue
            for index, pattern in enumerate(patterns):
                criteria = {"trigger.value": {"type": op, "pattern": pattern}}
                cases.append(case("%s/%s/%d" % (op, value_name, index), criteria, {"value": value},
                                  "st2common.operators.%s via RuleFilter" % op))
        # The key is absent from the payload: the operator sees None.
        cases.append(case("%s/missing-key" % op, {"trigger.absent": {"type": op, "pattern": patterns[0]}},
                          {"value": 1}, "st2common.operators.%s via RuleFilter" % op))
        # Nested key path.
        cases.append(case("%s/nested" % op, {"trigger.a.b.c": {"type": op, "pattern": patterns[0]}},
                          {"a": {"b": {"c": "Hello World"}}}, "st2common.operators.%s via RuleFilter" % op))
    # Operator names are case-insensitive (get_operator lowercases).
    cases.append(case("case-insensitive/EQUALS", {"trigger.value": {"type": "EQUALS", "pattern": "x"}},
                      {"value": "x"}, "st2common.operators.get_operator"))
    cases.append(case("case-insensitive/MatchRegex", {"trigger.value": {"type": "MatchRegex", "pattern": "x.*"}},
                      {"value": "xyz"}, "st2common.operators.get_operator"))
    return cases


def search_cases():
    items = [{"field_name": "Status", "to_value": "Approved"}, {"field_name": "Assigned to", "to_value": "Stanley"}]
    both = {"item.field_name": {"type": "equals", "pattern": "Status"},
            "item.to_value": {"type": "equals", "pattern": "Approved"}}
    one_each = {"item.field_name": {"type": "equals", "pattern": "Status"},
                "item.to_value": {"type": "equals", "pattern": "Stanley"}}
    cases = []
    for condition in ["any", "all", "any2any", "all2any", "weird", None]:
        for label, pattern in [("both", both), ("one-each", one_each)]:
            crit = {"type": "search", "pattern": pattern}
            if condition is not None:
                crit["condition"] = condition
            cases.append(case("search/%s/%s" % (condition, label), {"trigger.fields": crit}, {"fields": items},
                              "st2common.operators.search via RuleFilter"))
    water = {"item.to_value#1": {"type": "greaterthan", "pattern": 40},
             "item.to_value#2": {"type": "lessthan", "pattern": 50}}
    for value in [45, 30]:
        cases.append(case("search/dict-payload/%d" % value,
                          {"trigger.fields": {"type": "search", "condition": "all", "pattern": water}},
                          {"fields": {"field_name": "waterLevel", "to_value": value}},
                          "st2common tests test_search_payload_dict"))
    cases.append(case("search/empty-list-all", {"trigger.fields": {"type": "search", "condition": "all", "pattern": both}},
                      {"fields": []}, "st2common.operators.search"))
    cases.append(case("search/empty-list-any", {"trigger.fields": {"type": "search", "condition": "any", "pattern": both}},
                      {"fields": []}, "st2common.operators.search"))
    cases.append(case("search/null", {"trigger.fields": {"type": "search", "condition": "any", "pattern": both}},
                      {"fields": None}, "st2common.operators.search"))
    cases.append(case("search/string", {"trigger.fields": {"type": "search", "condition": "any",
                                                           "pattern": {"item": {"type": "equals", "pattern": "b"}}}},
                      {"fields": "abc"}, "st2common.operators.search"))
    cases.append(case("search/int", {"trigger.fields": {"type": "search", "condition": "any", "pattern": both}},
                      {"fields": 5}, "st2common.operators.search"))
    nested = {"item.tags": {"type": "search", "condition": "any",
                            "pattern": {"item.name": {"type": "equals", "pattern": "prod"}}}}
    cases.append(case("search/nested", {"trigger.hosts": {"type": "search", "condition": "any", "pattern": nested}},
                      {"hosts": [{"tags": [{"name": "dev"}]}, {"tags": [{"name": "prod"}]}]},
                      "st2common.operators.search, recursive"))
    cases.append(case("search/child-type-error",
                      {"trigger.fields": {"type": "search", "condition": "any",
                                          "pattern": {"item.to_value": {"type": "lessthan", "pattern": 3}}}},
                      {"fields": [{"to_value": "x"}, {"to_value": 1}]}, "st2common.operators.search"))
    cases.append(case("search/child-sees-item-not-trigger",
                      {"trigger.fields": {"type": "search", "condition": "any",
                                          "pattern": {"trigger.fields": {"type": "exists"}}}},
                      {"fields": [{"a": 1}]}, "st2common.operators.search: children look up item.*"))
    return cases


def filter_cases():
    cases = []
    src = "st2reactor.rules.filter.RuleFilter"
    cases.append(case("hash/two-tests-one-field",
                      {"trigger.n#1": {"type": "gt", "pattern": 40}, "trigger.n#2": {"type": "lt", "pattern": 50}},
                      {"n": 45}, src + " (key split on #)"))
    cases.append(case("hash/two-tests-one-field-fails",
                      {"trigger.n#1": {"type": "gt", "pattern": 40}, "trigger.n#2": {"type": "lt", "pattern": 50}},
                      {"n": 55}, src + " (key split on #)"))
    cases.append(case("hash/suffix-with-hash-inside", {"trigger.n#a#b": {"type": "equals", "pattern": 1}}, {"n": 1},
                      src + " (split on the first # only)"))
    cases.append(case("empty-criteria/empty-payload", {}, {}, src))
    cases.append(case("criteria/empty-payload", {"trigger.a": {"type": "nexists"}}, {}, src + ": criteria and no payload"))
    cases.append(case("criteria/null-payload", {"trigger.a": {"type": "nexists"}}, None, src))
    cases.append(case("criterion/no-type", {"trigger.a": {"pattern": 1}}, {"a": 1}, src + ": no type means no match"))
    cases.append(case("exists/null-value", {"trigger.a": {"type": "exists"}}, {"a": None}, src + ": null is absent"))
    cases.append(case("exists/false-value", {"trigger.a": {"type": "exists"}}, {"a": False}, src))
    cases.append(case("exists/empty-string", {"trigger.a": {"type": "exists"}}, {"a": ""}, src))
    cases.append(case("path/index", {"trigger.items[1]": {"type": "equals", "pattern": "b"}}, {"items": ["a", "b"]},
                      src + " + jsonpath_rw Index"))
    cases.append(case("path/index-out-of-range", {"trigger.items[5]": {"type": "exists"}}, {"items": ["a", "b"]},
                      src + " + jsonpath_rw Index"))
    cases.append(case("path/negative-index", {"trigger.items[-1]": {"type": "equals", "pattern": "b"}},
                      {"items": ["a", "b"]}, src + " + jsonpath_rw Index"))
    cases.append(case("path/index-of-dict", {"trigger.items[0]": {"type": "exists"}}, {"items": {"a": 1}},
                      src + " + jsonpath_rw Index on a dict (KeyError)"))
    cases.append(case("path/index-of-string", {"trigger.s[0]": {"type": "equals", "pattern": "a"}}, {"s": "abc"},
                      src + " + jsonpath_rw Index on a string"))
    cases.append(case("path/star-first-match", {"trigger.items[*].name": {"type": "equals", "pattern": "x"}},
                      {"items": [{"name": "x"}, {"name": "y"}]}, src + ": first of several matches"))
    cases.append(case("path/star-second-not-seen", {"trigger.items[*].name": {"type": "equals", "pattern": "y"}},
                      {"items": [{"name": "x"}, {"name": "y"}]}, src + ": first of several matches"))
    cases.append(case("path/field-star", {"trigger.d.*": {"type": "equals", "pattern": 1}}, {"d": {"k": 1}},
                      src + " + jsonpath_rw Fields(*)"))
    cases.append(case("path/descendant", {"trigger..deep": {"type": "equals", "pattern": 3}},
                      {"a": {"b": {"deep": 3}}}, src + " + jsonpath_rw Descendants"))
    cases.append(case("path/quoted-field", {"trigger.'a.b'": {"type": "equals", "pattern": 1}}, {"a.b": 1},
                      src + " + jsonpath_rw quoted field"))
    cases.append(case("path/hyphen", {"trigger.headers.X-GitHub-Event": {"type": "equals", "pattern": "push"}},
                      {"headers": {"X-GitHub-Event": "push"}}, src + " + jsonpath_rw ID token"))
    cases.append(case("path/field-of-list", {"trigger.items.name": {"type": "exists"}}, {"items": [{"name": 1}]},
                      src + " + jsonpath_rw Fields on a list"))
    cases.append(case("path/field-of-string", {"trigger.s.x": {"type": "nexists"}}, {"s": "abc"},
                      src + " + jsonpath_rw Fields on a string"))
    cases.append(case("path/slice", {"trigger.items[1:]": {"type": "equals", "pattern": "b"}}, {"items": ["a", "b", "c"]},
                      src + " + jsonpath_rw Slice"))
    cases.append(case("path/whole-trigger", {"trigger": {"type": "contains", "pattern": "a"}}, {"a": 1},
                      src + ": the whole payload"))
    cases.append(case("path/not-under-trigger", {"body.a": {"type": "nexists"}}, {"body": {"a": 1}},
                      src + ": keys are looked up from the context root"))
    cases.append(case("equals/bool-int", {"trigger.a": {"type": "equals", "pattern": 1}}, {"a": True},
                      src + ": Python True == 1"))
    cases.append(case("equals/dict-order", {"trigger.a": {"type": "equals", "pattern": {"y": 2, "x": 1}}},
                      {"a": {"x": 1, "y": 2}}, src))
    cases.append(case("lessthan/list", {"trigger.a": {"type": "lessthan", "pattern": [1, 3]}}, {"a": [1, 2, 9]}, src))
    cases.append(case("lessthan/dict", {"trigger.a": {"type": "lessthan", "pattern": {"a": 1}}}, {"a": {"a": 0}}, src))
    cases.append(case("contains/list-of-dicts", {"trigger.a": {"type": "contains", "pattern": {"k": 1}}},
                      {"a": [{"k": 1}]}, src))
    cases.append(case("contains/dict-key", {"trigger.a": {"type": "contains", "pattern": "k"}}, {"a": {"k": 1}}, src))
    cases.append(case("contains/dict-value-not-key", {"trigger.a": {"type": "contains", "pattern": 1}},
                      {"a": {"k": 1}}, src))
    cases.append(case("contains/dict-unhashable", {"trigger.a": {"type": "contains", "pattern": ["k"]}},
                      {"a": {"k": 1}}, src))
    cases.append(case("matchregex/anchored-start-only", {"trigger.a": {"type": "matchregex", "pattern": "ab"}},
                      {"a": "abc"}, src))
    cases.append(case("matchregex/dotall", {"trigger.a": {"type": "matchregex", "pattern": ".*bar"}},
                      {"a": "foo\nbar"}, src))
    cases.append(case("regex/no-dotall", {"trigger.a": {"type": "regex", "pattern": "foo.bar"}}, {"a": "foo\nbar"}, src))
    cases.append(case("regex/python-named-group-backref",
                      {"trigger.a": {"type": "regex", "pattern": "(?P<x>ab)(?P=x)"}}, {"a": "zabab"}, src))
    cases.append(case("regex/backslash-Z", {"trigger.a": {"type": "regex", "pattern": "c\\Z"}}, {"a": "abc"}, src))
    cases.append(case("matchwildcard/dot-literal", {"trigger.a": {"type": "matchwildcard", "pattern": "*.txt"}},
                      {"a": "fileXtxt"}, src))
    cases.append(case("matchwildcard/range", {"trigger.a": {"type": "matchwildcard", "pattern": "v[0-9].*"}},
                      {"a": "v3.1"}, src))
    cases.append(case("matchwildcard/multiline", {"trigger.a": {"type": "matchwildcard", "pattern": "a*b"}},
                      {"a": "a\n\nb"}, src))
    cases.append(case("pattern/trailing-newline", {"trigger.a": {"type": "equals", "pattern": "x\n"}}, {"a": "x"},
                      src + ": patterns are rendered by Jinja, which drops one trailing newline"))
    cases.append(case("timediff/space-separated", {"trigger.a": {"type": "td_lt", "pattern": 60}},
                      {"a": "2024-05-01 11:59:30"}, src))
    cases.append(case("timediff/offset", {"trigger.a": {"type": "td_lt", "pattern": 60}},
                      {"a": "2024-05-01T13:59:30+02:00"}, src))
    cases.append(case("timediff/float-pattern", {"trigger.a": {"type": "td_gt", "pattern": 4.5}},
                      {"a": "2024-05-01T11:59:55Z"}, src))
    return cases


def jinja_cases():
    src = "st2reactor.rules.filter.RuleFilter._render_criteria_pattern"
    cases = []
    cases.append(case("jinja/whole-expression-keeps-int", {"trigger.a": {"type": "equals", "pattern": "{{ trigger.b }}"}},
                      {"a": 5, "b": 5}, src))
    cases.append(case("jinja/whole-expression-keeps-list", {"trigger.a": {"type": "contains", "pattern": "{{ trigger.b }}"}},
                      {"a": [[1, 2]], "b": [1, 2]}, src))
    cases.append(case("jinja/text-around-makes-string", {"trigger.a": {"type": "equals", "pattern": "v{{ trigger.b }}"}},
                      {"a": "v5", "b": 5}, src))
    cases.append(case("jinja/string-value-stays-string", {"trigger.a": {"type": "equals", "pattern": "{{ trigger.b }}"}},
                      {"a": 5, "b": "5"}, src))
    cases.append(case("jinja/null", {"trigger.a": {"type": "equals", "pattern": "{{ trigger.b }}"}},
                      {"a": None, "b": None}, src))
    cases.append(case("jinja/undefined-fails", {"trigger.a": {"type": "equals", "pattern": "{{ trigger.nope.x }}"}},
                      {"a": 1}, src + " (StrictUndefined)"))
    cases.append(case("jinja/filter", {"trigger.a": {"type": "equals", "pattern": "{{ trigger.b | upper }}"}},
                      {"a": "XY", "b": "xy"}, src))
    cases.append(case("jinja/kv", {"trigger.a": {"type": "equals", "pattern": "{{ st2kv.system.threshold }}"}},
                      {"a": "42"}, src + " with st2kv.system.threshold = '42'"))
    cases.append(case("jinja/statement", {"trigger.a": {"type": "equals",
                                                        "pattern": "{% if trigger.b %}yes{% else %}no{% endif %}"}},
                      {"a": "yes", "b": True}, src))
    return cases


def main():
    st2_dir, jsonpath_dir = sys.argv[1], sys.argv[2]
    h = st2harness.load(st2_dir, jsonpath_dir, NOW)
    h.store.values["system"]["threshold"] = "42"
    out = []
    for c in operator_cases() + search_cases() + filter_cases() + jinja_cases():
        del h.records[:]
        rule = st2harness.Rule(c["criteria"])
        instance = st2harness.TriggerInstance(c["payload"])
        try:
            matched = h.filter.RuleFilter(instance, {"name": "golden"}, rule).filter()
            crash = None
        except Exception as e:  # e.g. an unknown operator name: st2 rejects the rule
            matched = False
            crash = "%s: %s" % (type(e).__name__, e)
        entry = dict(c)
        entry["expected"] = {"matched": bool(matched), "errors": [r.failure_reason for r in h.records]}
        if crash:
            entry["expected"]["crash"] = crash
        out.append(entry)
    doc = {
        "source": "StackStorm st2 commit %s: st2reactor/st2reactor/rules/filter.py (RuleFilter.filter), "
                  "st2common/st2common/operators.py, st2common/st2common/util/payload.py with jsonpath-rw commit %s; "
                  "generated by generate_criteria_golden.py, clock fixed at %s"
                  % (st2harness.commit_of(st2_dir), st2harness.commit_of(jsonpath_dir), NOW.isoformat()),
        "now": NOW.isoformat(),
        "kv": {"system": {"threshold": "42"}},
        "cases": out,
    }
    with open("criteria.golden.json", "w") as handle:
        json.dump(doc, handle, indent=1, sort_keys=False)
        handle.write("\n")
    print("%d cases" % len(out))


if __name__ == "__main__":
    main()
