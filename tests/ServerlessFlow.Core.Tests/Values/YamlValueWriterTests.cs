using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Values;

public sealed class YamlValueWriterTests
{
    [Theory]
    [InlineData("yes")]
    [InlineData("on")]
    [InlineData("0755")]
    [InlineData("1e3")]
    [InlineData("1.5")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData("a: b")]
    [InlineData("x # not a comment")]
    [InlineData(" leading space")]
    [InlineData("{{ action_parameters.name }}")]
    [InlineData("<% ctx().x %>")]
    [InlineData("- item")]
    [InlineData("line one\nline two")]
    [InlineData("ünïcödé and \t tab")]
    [InlineData("@at")]
    [InlineData("*alias")]
    [InlineData("&anchor")]
    [InlineData("!tag")]
    [InlineData("'quoted'")]
    [InlineData("\"double\"")]
    public void Write_StringThatPyYamlWouldReadAsSomethingElse_ReadsBackAsTheSameString(string value)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal) { ["v"] = value };

        var yaml = YamlValueWriter.Write(map);

        Assert.Equal(value, ((Dictionary<string, object?>)YamlValueReader.Read(yaml).Value!)["v"]);
    }

    [Fact]
    public void Write_ActionMetadata_IsBlockYamlWithPlainWordsAndTypedScalars()
    {
        var metadata = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = "hello",
            ["runner_type"] = "local-shell-cmd",
            ["enabled"] = true,
            ["parameters"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["cmd"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["type"] = "string", ["default"] = "echo {{ name }}", ["immutable"] = true },
                ["count"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["type"] = "integer", ["default"] = 3L },
                ["ratio"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["default"] = 1e20 },
                ["empty"] = new Dictionary<string, object?>(StringComparer.Ordinal),
            },
            ["tags"] = new List<object?>(),
            ["notes"] = null,
        };

        var yaml = YamlValueWriter.Write(metadata);

        Assert.Contains("name: hello\n", yaml, StringComparison.Ordinal);
        Assert.Contains("runner_type: local-shell-cmd\n", yaml, StringComparison.Ordinal);
        Assert.Contains("enabled: true\n", yaml, StringComparison.Ordinal);
        Assert.Contains("default: \"echo {{ name }}\"", yaml, StringComparison.Ordinal);
        Assert.Contains("default: 3\n", yaml, StringComparison.Ordinal);
        Assert.Contains("empty: {}\n", yaml, StringComparison.Ordinal);
        Assert.True(PlainValues.DeepEquals(metadata, YamlValueReader.Read(yaml).Value));
    }

    [Fact]
    public void Write_ClrNumbersAndLists_AreWrittenInThePlainModel()
    {
        var yaml = YamlValueWriter.Write(new Dictionary<string, object?>(StringComparer.Ordinal) { ["n"] = 3, ["xs"] = new[] { "a", "b" } });

        Assert.Equal("n: 3\nxs:\n- a\n- b\n", yaml);
    }
}
