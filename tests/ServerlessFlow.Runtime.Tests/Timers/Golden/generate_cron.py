#!/usr/bin/python3
"""Golden fire times for CronTimerSchedule from APScheduler's own CronTrigger (what StackStorm's
timer sensor uses), Debian package python3-apscheduler 3.9.1.
Run: /usr/bin/python3 generate_cron.py > cron.json"""
import json
import sys
from datetime import datetime, timedelta, timezone

from apscheduler.triggers.cron import CronTrigger

START = datetime(2026, 1, 1, 0, 0, 0, tzinfo=timezone.utc)
CASES = [
    ({"minute": "*/5"}, START, 6),
    ({"hour": 3}, START, 4),
    ({"day_of_week": "mon-fri", "hour": 9, "minute": 30}, START, 8),
    ({"second": "*/20"}, START, 5),
    ({"day": "last", "hour": 12}, START, 4),
    ({"month": "feb", "day": 29}, START, 2),
    ({"day_of_week": "sat,sun", "minute": 0}, START, 5),
    ({"day": 13, "day_of_week": "fri"}, START, 3),
    ({"minute": 0, "hour": "*/6", "day_of_week": "*/2"}, START, 8),
    ({"day_of_week": 6, "hour": "8-10", "minute": "15,45"}, START, 7),
    ({"month": "1-3", "day": "1-2", "hour": 0, "minute": 0, "second": 0}, START, 7),
    ({"hour": 12, "timezone": "Europe/Paris"}, datetime(2026, 3, 27, tzinfo=timezone.utc), 4),
    # Not here: daylight-saving edges, where APScheduler and Cronos differ (CronTimerScheduleTests
    # pins what ServerlessFlow does). A time in a spring-forward gap (02:30 on 2026-03-08 in New
    # York): APScheduler fires at 03:30 EDT, Cronos at 03:00 EDT. A time in the repeated fall-back
    # hour (01:30 on 2026-11-01): APScheduler fires at the second 01:30 (EST), Cronos at the first (EDT).
    ({"hour": 9, "minute": "*/30", "timezone": "Asia/Kolkata"}, START, 4),
    ({"minute": "5/20"}, START, 5),
]


def fires(params, start, count):
    params = dict(params)
    tz = params.pop("timezone", "UTC")
    trigger = CronTrigger(timezone=tz, **params)
    result = []
    now = start + timedelta(microseconds=1)
    previous = None
    while len(result) < count:
        nxt = trigger.get_next_fire_time(previous, now)
        result.append(nxt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
        previous = nxt
        now = nxt + timedelta(microseconds=1)
    return result


out = [
    {"parameters": p, "after": s.strftime("%Y-%m-%dT%H:%M:%SZ"), "expected": fires(p, s, n)}
    for p, s, n in CASES
]
json.dump(out, sys.stdout, indent=2)
sys.stdout.write("\n")
