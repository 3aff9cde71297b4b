using ServerlessFlow.Runtime.Timers;

namespace ServerlessFlow.Runtime.Tests.Timers;

public sealed class TimerPlannerTests
{
    private static readonly DateTimeOffset Tick = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static TimerTrigger Interval(long delta, string unit) =>
        new(TimerTriggerTypes.Interval, new Dictionary<string, object?> { ["unit"] = unit, ["delta"] = delta });

    [Fact]
    public void Plan_IntervalTimer_FiresAtEpochAlignedTimesInWindow()
    {
        var plan = TimerPlanner.Plan([Interval(30, "seconds")], Tick, TimeSpan.FromMinutes(1));

        Assert.Equal([Tick.AddSeconds(-30), Tick], plan.Fires.Select(f => f.ScheduledTime));
        Assert.Empty(plan.Problems);
    }

    [Fact]
    public void Plan_TimerFirstSeenInsideLookback_PlansNothingAtOrBeforeFirstSeen()
    {
        var seen = Interval(30, "seconds");
        var other = Interval(1, "minutes");

        var plan = TimerPlanner.Plan([seen, other], Tick, TimeSpan.FromMinutes(5), notBefore: new Dictionary<string, DateTimeOffset> { [seen.Key] = Tick.AddSeconds(-30) });

        Assert.Equal([Tick], plan.Fires.Where(f => f.Timer == seen).Select(f => f.ScheduledTime));
        Assert.Equal(5, plan.Fires.Count(f => f.Timer == other)); // not in notBefore: the lookback alone
    }

    [Fact]
    public void Plan_TimerFirstSeenBeforeLookback_LookbackBounds()
    {
        var timer = Interval(1, "minutes");

        var plan = TimerPlanner.Plan([timer], Tick, TimeSpan.FromMinutes(2), notBefore: new Dictionary<string, DateTimeOffset> { [timer.Key] = Tick.AddDays(-1) });

        Assert.Equal([Tick.AddMinutes(-1), Tick], plan.Fires.Select(f => f.ScheduledTime));
    }

    [Fact]
    public void Plan_TwoTicksRacingForSameTime_ComputeIdenticalFires()
    {
        var timers = new[] { Interval(1, "minutes") };

        var first = TimerPlanner.Plan(timers, Tick, TimeSpan.FromMinutes(5));
        var second = TimerPlanner.Plan(timers, Tick.AddMilliseconds(300), TimeSpan.FromMinutes(5));

        Assert.Equal(first.Fires.Select(f => f.TriggerInstanceId), second.Fires.Select(f => f.TriggerInstanceId));
        Assert.Equal(first.Fires.Select(f => JsonPayload(f)), second.Fires.Select(f => JsonPayload(f)));
    }

    [Fact]
    public void Plan_LateTick_StillCoversMissedFiresWithSameIds()
    {
        var timers = new[] { Interval(1, "minutes") };
        var onTime = TimerPlanner.Plan(timers, Tick, TimeSpan.FromMinutes(5));

        var late = TimerPlanner.Plan(timers, Tick.AddSeconds(90), TimeSpan.FromMinutes(5));

        var onTimeIds = onTime.Fires.Select(f => f.TriggerInstanceId).ToHashSet();
        Assert.Contains(late.Fires, f => f.ScheduledTime == Tick && onTimeIds.Contains(f.TriggerInstanceId));
        Assert.Contains(late.Fires, f => f.ScheduledTime == Tick.AddMinutes(1));
    }

    [Fact]
    public void Plan_SameTimerFromTwoRules_FiresOnce()
    {
        var a = Interval(1, "minutes");
        var b = new TimerTrigger(TimerTriggerTypes.Interval, new Dictionary<string, object?> { ["delta"] = 1L, ["unit"] = "minutes" });

        var plan = TimerPlanner.Plan([a, b], Tick, TimeSpan.FromSeconds(30));

        Assert.Single(plan.Fires);
    }

    [Fact]
    public void Plan_DifferentTimersSameTime_HaveDifferentIds()
    {
        var plan = TimerPlanner.Plan([Interval(1, "minutes"), Interval(60, "seconds")], Tick, TimeSpan.FromSeconds(30));

        Assert.Equal(2, plan.Fires.Count);
        Assert.NotEqual(plan.Fires[0].TriggerInstanceId, plan.Fires[1].TriggerInstanceId);
    }

    [Fact]
    public void Plan_InvalidTimer_ReportsProblemAndOthersStillFire()
    {
        var bad = new TimerTrigger(TimerTriggerTypes.Interval, new Dictionary<string, object?> { ["unit"] = "fortnights", ["delta"] = 1L });

        var plan = TimerPlanner.Plan([bad, Interval(1, "minutes")], Tick, TimeSpan.FromSeconds(30));

        Assert.Single(plan.Fires);
        Assert.Contains("\"unit\" must be one of", Assert.Single(plan.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_DateTimer_FiresOnlyInTheWindowContainingIt()
    {
        var timer = new TimerTrigger(TimerTriggerTypes.Date, new Dictionary<string, object?> { ["date"] = "2026-11-24 13:00:00", ["timezone"] = "Europe/Paris" });

        var hit = TimerPlanner.Plan([timer], Tick, TimeSpan.FromMinutes(1));
        var before = TimerPlanner.Plan([timer], Tick.AddMinutes(-1), TimeSpan.FromMinutes(1));
        var after = TimerPlanner.Plan([timer], Tick.AddMinutes(1).AddTicks(1), TimeSpan.FromMinutes(1));

        Assert.Equal(Tick, Assert.Single(hit.Fires).ScheduledTime);
        Assert.Empty(before.Fires);
        Assert.Empty(after.Fires);
    }

    [Fact]
    public void Plan_OneSecondIntervalOverLongWindow_IsBounded()
    {
        var plan = TimerPlanner.Plan([Interval(1, "seconds")], Tick, TimeSpan.FromDays(1), maxFiresPerTimer: 100);

        Assert.Equal(100, plan.Fires.Count);
    }

    [Fact]
    public void Payload_ScheduledTime_IsPythonStrOfUtcDatetime()
    {
        var fire = new TimerFire(Interval(1, "minutes"), Tick);

        Assert.Equal("2026-11-24 12:00:00+00:00", fire.Payload()["executed_at"]);
        Assert.False(fire.Payload().ContainsKey("schedule"));
        Assert.StartsWith("st2.IntervalTimer-", fire.TraceTag, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{24}$", fire.TriggerInstanceId);
        Assert.StartsWith(((uint)Tick.ToUnixTimeSeconds()).ToString("x8", System.Globalization.CultureInfo.InvariantCulture), fire.TriggerInstanceId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"unit\": \"minutes\"}", "\"delta\" must be a positive integer")]
    [InlineData("{\"unit\": \"minutes\", \"delta\": 0}", "\"delta\" must be a positive integer")]
    [InlineData("{\"unit\": \"minutes\", \"delta\": \"5\"}", "\"delta\" must be a positive integer")]
    [InlineData("{\"delta\": 5}", "\"unit\" must be one of")]
    [InlineData("{\"unit\": \"weeks\", \"delta\": 99999}", "longer than 100 years")]
    public void Parse_BadIntervalParameters_ThrowsNamingTheParameter(string json, string expected)
    {
        var parameters = (Dictionary<string, object?>)ServerlessFlow.Core.Values.JsonText.Parse(json)!;

        var error = Assert.Throws<FormatException>(() => TimerSchedule.Parse(TimerTriggerTypes.Interval, parameters));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-24T12:00:00Z", "2026-11-24T12:00:00+00:00")]
    [InlineData("2026-11-24T14:00:00+02:00", "2026-11-24T12:00:00+00:00")]
    [InlineData("2026-11-24 12:00:00", "2026-11-24T12:00:00+00:00")]
    [InlineData("2026-11-24 12:00:00.5", "2026-11-24T12:00:00.5000000+00:00")]
    public void Parse_DateForms_AreRead(string date, string expectedUtc)
    {
        var schedule = (DateTimerSchedule)TimerSchedule.Parse(TimerTriggerTypes.Date, new Dictionary<string, object?> { ["date"] = date });

        Assert.Equal(expectedUtc, schedule.RunDate.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture).Replace("+00:00", "+00:00", StringComparison.Ordinal).Replace(".0000000", "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("next tuesday", "expected an ISO 8601 date-time")]
    [InlineData("2026-03-08 02:30:00", "does not exist in time zone")]
    public void Parse_BadDate_ThrowsNamingTheProblem(string date, string expected)
    {
        var error = Assert.Throws<FormatException>(() =>
            TimerSchedule.Parse(TimerTriggerTypes.Date, new Dictionary<string, object?> { ["date"] = date, ["timezone"] = "America/New_York" }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static string JsonPayload(TimerFire fire) => ServerlessFlow.Core.Values.JsonText.Serialize(fire.Payload());
}
