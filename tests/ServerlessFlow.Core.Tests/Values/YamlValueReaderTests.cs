using System.Text;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Values;

public class YamlValueReaderTests
{
    [Theory]
    [InlineData("a: yes", true)]
    [InlineData("a: Off", false)]
    [InlineData("a: 0755", 493L)]
    [InlineData("a: 0x1F", 31L)]
    [InlineData("a: 1_000", 1000L)]
    [InlineData("a: 1:30", 90L)]
    [InlineData("a: 1.5", 1.5)]
    [InlineData("a: 1e3", "1e3")]
    [InlineData("a: 1.0e+3", 1000.0)]
    [InlineData("a: '123'", "123")]
    [InlineData("a: ~", null)]
    [InlineData("a:", null)]
    [InlineData("a: 2020-01-01", "2020-01-01")]
    public void Read_PlainScalar_ResolvesLikePyYaml(string yaml, object? expected)
    {
        var result = YamlValueReader.Read(yaml);

        Assert.False(result.HasErrors);
        var dict = Assert.IsType<Dictionary<string, object?>>(result.Value);
        Assert.True(PlainValues.DeepEquals(expected, dict["a"]), $"got {JsonText.Serialize(dict["a"])}");
    }

    [Fact]
    public void Read_NestedDocument_RecordsPositionsByPath()
    {
        const string yaml = "version: 1.0\ntasks:\n  task1:\n    next:\n      - do: task2\n";

        var result = YamlValueReader.Read(yaml);

        Assert.Equal(new SourcePosition(5, 13), result.SourceMap.ValueAt("tasks.task1.next[0].do"));
        Assert.Equal(new SourcePosition(5, 9), result.SourceMap.KeyAt("tasks.task1.next[0].do"));
        Assert.Equal(new SourcePosition(3, 3), result.SourceMap.KeyAt("tasks.task1"));
        Assert.Equal(new SourcePosition(5, 9), result.SourceMap.ValueAt("tasks.task1.next[0].missing"));
    }

    [Fact]
    public void Read_SyntaxError_ReportsPositionAndNoValue()
    {
        var result = YamlValueReader.Read("key: value\n  bad: indent\n");

        var problem = Assert.Single(result.Problems);
        Assert.Equal("yaml-syntax", problem.Code);
        Assert.True(problem.IsError);
        Assert.Equal(2, problem.Position.Line);
        Assert.Null(result.Value);
    }

    [Fact]
    public void Read_MergeKeys_MergeLikePyYaml()
    {
        const string yaml = "base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n";

        var result = YamlValueReader.Read(yaml);

        var other = ((Dictionary<string, object?>)result.Value!)["other"];
        Assert.Equal("{\"x\":1,\"y\":3}", JsonText.Serialize(other));
    }

    [Fact]
    public void Read_BillionLaughs_StopsWithAliasBombError()
    {
        var yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        var previous = 'a';
        for (var c = 'b'; c <= 'i'; c++)
        {
            yaml.Append(c).Append(": &").Append(c).Append(" [");
            yaml.Append(string.Join(",", Enumerable.Repeat("*" + previous, 9)));
            yaml.Append("]\n");
            previous = c;
        }

        var result = YamlValueReader.Read(yaml.ToString());

        Assert.Contains(result.Problems, p => p.Code == "yaml-alias-bomb" && p.IsError);
        Assert.Null(result.Value);
    }

    [Fact]
    public void Read_DeepNesting_StopsWithDepthError()
    {
        var yaml = new string('[', 10_000) + new string(']', 10_000);

        var result = YamlValueReader.Read(yaml);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("yaml-depth", problem.Code);
    }

    [Fact]
    public void Read_DuplicateKey_WarnsAndKeepsLast()
    {
        var result = YamlValueReader.Read("a: 1\na: 2\n");

        var problem = Assert.Single(result.Problems);
        Assert.False(problem.IsError);
        Assert.Equal("yaml-duplicate-key", problem.Code);
        Assert.Equal(new SourcePosition(2, 1), problem.Position);
        Assert.Equal(2L, ((Dictionary<string, object?>)result.Value!)["a"]);
    }

    [Fact]
    public void Read_EmptyText_IsEmpty()
    {
        var result = YamlValueReader.Read("# only a comment\n");

        Assert.True(result.IsEmpty);
        Assert.Empty(result.Problems);
    }
}
