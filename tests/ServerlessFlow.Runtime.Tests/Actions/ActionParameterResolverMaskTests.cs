using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Actions;

namespace ServerlessFlow.Runtime.Tests.Actions;

public sealed class ActionParameterResolverMaskTests
{
    // The schema and values of mask_secret_parameters_golden.py; the expected JSON is that script's output, computed by
    // StackStorm's own get_secret_parameters / mask_secret_parameters (st2common/util/secrets.py).
    private const string Schema = """
        {
          "user": {"type": "string"},
          "password": {"type": "string", "secret": true},
          "auth": {"type": "object", "properties": {
            "name": {"type": "string"},
            "token": {"type": "string", "secret": true},
            "inner": {"type": "object", "properties": {"key": {"type": "string", "secret": true}}}}},
          "hosts": {"type": "array", "items": {"type": "object", "properties": {"host": {"type": "string"}, "pin": {"type": "integer", "secret": true}}}},
          "keys": {"type": "array", "items": {"type": "string", "secret": true}}
        }
        """;

    private const string Given = """
        {"user": "ann", "password": "p1", "auth": {"name": "svc", "token": "t1", "inner": {"key": "k1", "other": "o"}, "extra": 1},
         "hosts": [{"host": "a", "pin": 1}, {"host": "b"}], "keys": ["x", "y"]}
        """;

    private const string Expected = """{"user": "ann", "password": "********", "auth": {"name": "svc", "token": "********", "inner": {"key": "********", "other": "o"}, "extra": 1}, "hosts": [{"host": "a", "pin": "********"}, {"host": "b"}], "keys": ["********", "********"]}""";

    private static ActionSpec Action()
    {
        var schema = (Dictionary<string, object?>)JsonText.Parse(Schema)!;
        var parameters = schema.ToDictionary(
            p => p.Key, p => ActionParameterSpec.FromSchema(p.Key, (Dictionary<string, object?>)p.Value!, SourcePosition.Start), StringComparer.Ordinal);
        return new ActionSpec
        {
            Ref = "examples.login",
            Name = "login",
            Pack = "examples",
            RunnerType = "noop",
            Parameters = parameters,
            EffectiveParameters = parameters,
            MetadataFile = "actions/login.yaml",
        };
    }

    [Fact]
    public void MaskSecrets_NestedSecretPropertiesAndItems_MatchesStackStorm()
    {
        var given = (Dictionary<string, object?>)JsonText.Parse(Given)!;

        var masked = ActionParameterResolver.MaskSecrets(Action(), given);

        Assert.True(PlainValues.DeepEquals(JsonText.Parse(Expected), masked), JsonText.Serialize(masked));
        Assert.Equal("p1", given["password"]);
        Assert.Equal("t1", ((Dictionary<string, object?>)given["auth"]!)["token"]);
    }

    [Fact]
    public void Resolve_NestedSecret_IsMaskedInWhatIsStoredButNotInWhatRuns()
    {
        var given = (Dictionary<string, object?>)JsonText.Parse(Given)!;

        var resolved = ActionParameterResolver.Resolve(Action(), null, given, new ParameterTemplate(new ExpressionEngine()));

        Assert.Equal("********", ((Dictionary<string, object?>)resolved.MaskedGiven["auth"]!)["token"]);
        Assert.Equal("t1", ((Dictionary<string, object?>)resolved.ActionParameters["auth"]!)["token"]);
    }
}
