using ServerlessFlow.Core.Aliases;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Aliases;

/// <summary>aliases.golden.json: what StackStorm's own alias code answers (parameter extraction, matching, help) for its
/// unit tests' cases, its examples/packs/hello_st2 aliases, hubot-stackstorm's fixtures and our edge cases.</summary>
public sealed class AliasGoldenTests
{
    private static readonly Dictionary<string, object?> Golden =
        (Dictionary<string, object?>)JsonText.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Aliases", "golden", "aliases.golden.json")))!;

    public static TheoryData<string> ParserCases() => Names("parser");

    public static TheoryData<string> MatchCases() => Names("match");

    public static TheoryData<string> HelpCases() => Names("help");

    [Theory]
    [MemberData(nameof(ParserCases))]
    public void Extract_GoldenCase_AnswersAsStackStorm(string name)
    {
        var c = Case("parser", name);
        var error = c.GetValueOrDefault("error") as Dictionary<string, object?>;

        object? Run()
        {
            var parser = new AliasFormatParser((string?)c["format"], (string?)c["command"]);
            return (bool)c["match_multiple"]! ? parser.ExtractAll().Cast<object?>().ToList() : parser.Extract();
        }

        switch (error?["kind"])
        {
            case null:
                var actual = Run();
                Assert.True(PlainValues.DeepEquals(c["result"], actual), $"expected {JsonText.Serialize(c["result"])}, got {JsonText.Serialize(actual)}");
                break;
            case "parse":
                Assert.Equal((string)error["message"]!, Assert.Throws<AliasParseException>(Run).Message);
                break;
            default:
                // Python's re.error: the message is Python's, ours names the same problem in our words.
                Assert.Throws<AliasFormatException>(Run);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(MatchCases))]
    public void MatchOne_GoldenCase_AnswersAsStackStorm(string name)
    {
        var c = Case("match", name);
        var aliases = Aliases((string)c["alias_set"]!);
        var command = (string)c["command"]!;

        if (c.GetValueOrDefault("error") is Dictionary<string, object?> error)
        {
            var ex = Assert.Throws<AliasAmbiguityException>(() => AliasMatcher.MatchOne(command, aliases));
            Assert.Equal((string)error["message"]!, ex.Message);
            Assert.Equal(((List<object?>)error["matches"]!).Cast<string>(), ex.Matches.Select(m => m.Alias.Ref));
            return;
        }

        var expected = (Dictionary<string, object?>)c["result"]!;
        var match = AliasMatcher.MatchOne(command, aliases);
        Assert.Equal((string)expected["ref"]!, match.Alias.Ref);
        Assert.Equal((string?)expected["display"], match.Display);
        Assert.Equal((string)expected["representation"]!, match.Representation);
        Assert.Equal((bool)expected["match_multiple"]!, match.MatchMultiple);
    }

    [Theory]
    [MemberData(nameof(HelpCases))]
    public void Generate_GoldenCase_AnswersAsStackStorm(string name)
    {
        var c = Case("help", name);
        var args = (Dictionary<string, object?>)c["args"]!;

        var result = AliasHelp.Generate(
            Aliases((string)c["alias_set"]!),
            args.GetValueOrDefault("filter") as string,
            args.GetValueOrDefault("pack") as string,
            (int)(args.GetValueOrDefault("limit") as long? ?? 0),
            (int)(args.GetValueOrDefault("offset") as long? ?? 0));

        Assert.True(PlainValues.DeepEquals(c["result"], result.ToPlain()), $"expected {JsonText.Serialize(c["result"])}, got {JsonText.Serialize(result.ToPlain())}");
    }

    private static List<ActionAliasSpec> Aliases(string set) =>
        ((List<object?>)((Dictionary<string, object?>)Golden["alias_sets"]!)[set]!).Cast<Dictionary<string, object?>>().Select(a =>
        {
            var reference = (string)a["ref"]!;
            var dot = reference.IndexOf('.', StringComparison.Ordinal);
            return new ActionAliasSpec
            {
                Ref = reference,
                Pack = reference[..dot],
                Name = reference[(dot + 1)..],
                Enabled = (bool)a["enabled"]!,
                Description = (string?)a["description"],
                ActionRef = "golden.action",
                Formats = (List<object?>)a["formats"]!,
                MetadataFile = "aliases/" + reference[(dot + 1)..] + ".yaml",
            };
        }).ToList();

    private static Dictionary<string, object?> Case(string kind, string name) =>
        ((List<object?>)Golden[kind]!).Cast<Dictionary<string, object?>>().Single(c => (string)c["name"]! == name);

    private static TheoryData<string> Names(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var c in ((List<object?>)Golden[kind]!).Cast<Dictionary<string, object?>>())
        {
            data.Add((string)c["name"]!);
        }

        return data;
    }
}
