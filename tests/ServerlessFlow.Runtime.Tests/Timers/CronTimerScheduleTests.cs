using System.Globalization;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Timers;

namespace ServerlessFlow.Runtime.Tests.Timers;

public sealed class CronTimerScheduleTests
{
    public static TheoryData<string> GoldenCases()
    {
        var data = new TheoryData<string>();
        foreach (var item in (List<object?>)JsonText.Parse(File.ReadAllText(GoldenPath()))!)
        {
            data.Add(JsonText.Serialize(item));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Occurrences_GoldenCase_MatchesApscheduler(string caseJson)
    {
        var testCase = (Dictionary<string, object?>)JsonText.Parse(caseJson)!;
        var parameters = (Dictionary<string, object?>)testCase["parameters"]!;
        var after = DateTimeOffset.Parse((string)testCase["after"]!, CultureInfo.InvariantCulture);
        var expected = ((List<object?>)testCase["expected"]!).Cast<string>().ToList();

        var schedule = TimerSchedule.Parse(TimerTriggerTypes.Cron, parameters);
        var actual = schedule.Occurrences(after, after.AddYears(10), expected.Count)
            .Select(t => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
            .ToList();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Occurrences_DaylightSavingGap_FiresOnceAtTheJump()
    {
        // Known difference from APScheduler (which fires at 03:30 EDT, the wall time moved by the gap):
        // Cronos fires at the first instant after the gap, 03:00 EDT.
        var schedule = TimerSchedule.Parse(TimerTriggerTypes.Cron, new Dictionary<string, object?> { ["hour"] = 2L, ["minute"] = 30L, ["timezone"] = "America/New_York" });

        var fires = schedule.Occurrences(new DateTimeOffset(2026, 3, 8, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 9, 0, 0, 0, TimeSpan.Zero), 10);

        Assert.Equal([new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero)], fires);
    }

    [Fact]
    public void Occurrences_RepeatedFallBackHour_FiresOnceAtTheFirst()
    {
        // Known difference from APScheduler, which fires at the second 01:30 (EST, 06:30Z).
        var schedule = TimerSchedule.Parse(TimerTriggerTypes.Cron, new Dictionary<string, object?> { ["hour"] = 1L, ["minute"] = 30L, ["timezone"] = "America/New_York" });

        var fires = schedule.Occurrences(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero), 10);

        Assert.Equal([new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero)], fires);
    }

    [Theory]
    [InlineData("{\"minute\": 75}", "\"minute\" = \"75\": 75 is outside 0-59")]
    [InlineData("{\"year\": 2027}", "\"year\" = \"2027\" is not supported")]
    [InlineData("{\"week\": 3}", "\"week\" = \"3\" is not supported")]
    [InlineData("{\"day\": \"2nd fri\"}", "\"day\" = \"2nd fri\" is not supported")]
    [InlineData("{\"day_of_week\": \"7\"}", "\"day_of_week\" = \"7\" is outside 0-6")]
    [InlineData("{\"day_of_week\": \"funday\"}", "\"day_of_week\" = \"funday\" is not supported")]
    [InlineData("{\"hour\": \"\"}", "\"hour\" is empty")]
    [InlineData("{\"hour\": 1.5}", "\"hour\" must be a string or an integer")]
    [InlineData("{\"minutes\": 5}", "has no parameter \"minutes\"")]
    [InlineData("{\"hour\": 1, \"timezone\": \"Mars/Olympus\"}", "\"Mars/Olympus\", which is not a known time zone")]
    public void Parse_BadParameters_ThrowsNamingTheParameter(string json, string expected)
    {
        var parameters = (Dictionary<string, object?>)JsonText.Parse(json)!;

        var error = Assert.Throws<FormatException>(() => TimerSchedule.Parse(TimerTriggerTypes.Cron, parameters));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FieldDefaults_FollowApscheduler()
    {
        // hour given: minute and second default to 0, day/month stay '*'.
        var schedule = (CronTimerSchedule)TimerSchedule.Parse(TimerTriggerTypes.Cron, new Dictionary<string, object?> { ["hour"] = 3L });

        Assert.Equal("0 0 3 * * *", schedule.CronText);
    }

    private static string GoldenPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "ServerlessFlow.Runtime.Tests", "Timers", "Golden", "cron.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("Golden file cron.json not found above " + AppContext.BaseDirectory);
    }
}
