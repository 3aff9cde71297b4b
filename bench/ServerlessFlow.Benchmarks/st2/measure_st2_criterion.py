"""Measures StackStorm's own cost of evaluating one criterion (st2reactor RuleFilter.filter with one
`equals` criterion: pattern rendered through Jinja, key looked up with jsonpath-rw, operator applied),
to compare with RulesBenchmarks.OneEqualsCriterion. Uses the harness that generates the golden files.

    /usr/bin/python3 measure_st2_criterion.py <st2 git dir> <jsonpath-rw git dir>
"""
import datetime
import os
import sys
import timeit

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "tests", "ServerlessFlow.Core.Tests", "Rules", "golden"))
import st2harness  # noqa: E402

import dateutil.tz  # noqa: E402


def main():
    h = st2harness.load(sys.argv[1], sys.argv[2], datetime.datetime(2024, 5, 1, tzinfo=dateutil.tz.tzutc()))
    rule = st2harness.Rule({"trigger.status": {"type": "equals", "pattern": "status-3"}})
    instance = st2harness.TriggerInstance({"status": "status-3", "body": {"count": 25, "name": "bench"}})

    def once():
        assert h.filter.RuleFilter(instance, {"name": "bench"}, rule).filter()

    once()
    runs = 200
    best = min(timeit.repeat(once, number=runs, repeat=5)) / runs
    print("st2 RuleFilter, one equals criterion: %.1f us per evaluation (best of 5 x %d)" % (best * 1e6, runs))


if __name__ == "__main__":
    main()
