using ServerlessFlow.Core.Rules.Triggers;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Rules;

/// <summary>Built-in trigger type schemas (st2common/constants/triggers.py) applied with JSON schema draft 4
/// rules plus st2's per-property <c>required: true</c>.</summary>
public sealed class TriggerTypeTests
{
    [Theory]
    [InlineData("core.st2.webhook")]
    [InlineData("core.st2.IntervalTimer")]
    [InlineData("core.st2.DateTimer")]
    [InlineData("core.st2.CronTimer")]
    [InlineData("core.st2.generic.actiontrigger")]
    [InlineData("core.st2.generic.notifytrigger")]
    [InlineData("core.st2.generic.inquiry")]
    [InlineData("core.st2.key_value_pair.create")]
    [InlineData("core.st2.key_value_pair.update")]
    [InlineData("core.st2.key_value_pair.value_change")]
    [InlineData("core.st2.key_value_pair.delete")]
    public void TryGet_BuiltInType_Known(string reference)
    {
        Assert.True(BuiltInTriggerTypes.TryGet(reference, out var type));
        Assert.Equal(reference, type.Ref);
    }

    [Theory]
    [InlineData("""{"headers": {"a": "b"}, "body": {"x": 1}}""", 0)]
    [InlineData("""{"headers": {}, "body": [1, 2]}""", 0)]
    [InlineData("""{"headers": {}, "body": "text"}""", 1)]
    [InlineData("""{"headers": "nope", "body": {}}""", 1)]
    [InlineData("""[1]""", 1)]
    public void ValidatePayload_Webhook_BodyMustBeObjectOrArray(string payload, int problems)
    {
        Assert.Equal(problems, BuiltInTriggerTypes.All["core.st2.webhook"].ValidatePayload(JsonText.Parse(payload)).Count);
    }

    [Fact]
    public void ValidatePayload_InquiryMissingRouteAndExtraField_EachReported()
    {
        var problems = BuiltInTriggerTypes.All["core.st2.generic.inquiry"].ValidatePayload(JsonText.Parse("""{"id": "i", "extra": 1}"""));

        Assert.Contains("payload: 'route' is a required property", problems);
        Assert.Contains("payload: additional property 'extra' is not allowed", problems);
    }

    [Theory]
    [InlineData("""{"unit": "seconds", "delta": 5}""", 0)]
    [InlineData("""{"unit": "fortnights", "delta": 5}""", 1)]
    [InlineData("""{"unit": "seconds", "delta": "5"}""", 1)]
    [InlineData("""{"unit": "seconds"}""", 1)]
    [InlineData("""{"unit": "seconds", "delta": 5, "jitter": 1}""", 1)]
    public void ValidateParameters_IntervalTimer(string parameters, int problems)
    {
        Assert.Equal(problems, BuiltInTriggerTypes.All["core.st2.IntervalTimer"].ValidateParameters(JsonText.Parse(parameters)).Count);
    }

    [Theory]
    [InlineData("""{"hour": 23, "minute": "*/5"}""", 0)]
    [InlineData("""{"hour": 24}""", 1)]
    [InlineData("""{"day_of_week": true}""", 1)]
    public void ValidateParameters_CronTimer(string parameters, int problems)
    {
        Assert.Equal(problems, BuiltInTriggerTypes.All["core.st2.CronTimer"].ValidateParameters(JsonText.Parse(parameters)).Count);
    }

    [Fact]
    public void ValidateParameters_WebhookWithoutUrl_Reported()
    {
        Assert.Equal(["parameters: 'url' is a required property"], BuiltInTriggerTypes.All["core.st2.webhook"].ValidateParameters(null));
    }
}
