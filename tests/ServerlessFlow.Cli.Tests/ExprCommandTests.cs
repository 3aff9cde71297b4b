namespace ServerlessFlow.Cli.Tests;

public sealed class ExprCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sflow-expr-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string ContextFile(string json)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public async Task Expr_YaqlWithContext_PrintsJsonResult()
    {
        var context = ContextFile("{\"a\": 41, \"hosts\": [\"web-1\", \"db-1\"]}");
        var (exit, output, error) = await Sflow.RunAsync("expr", "<% ctx().a + 1 %>", "--context", context);
        Assert.Equal(0, exit);
        Assert.Equal("42", output.Trim());
        Assert.Empty(error);

        (exit, output, _) = await Sflow.RunAsync("expr", "<% $.hosts.where($.startsWith('web')) %>", "--context", context);
        Assert.Equal(0, exit);
        Assert.Equal("[\"web-1\"]", output.Trim());
    }

    [Fact]
    public async Task Expr_TextAroundExpression_PrintsJsonString()
    {
        var (exit, output, _) = await Sflow.RunAsync("expr", "n=<% 1 + 2 %>");
        Assert.Equal(0, exit);
        Assert.Equal("\"n=3\"", output.Trim());
    }

    [Fact]
    public async Task Expr_SyntaxError_PrintsPositionOnStderrAndExitsOne()
    {
        var (exit, output, error) = await Sflow.RunAsync("expr", "<% 1 + %>");
        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("error (Syntax) at position 6", error, StringComparison.Ordinal);
        Assert.Contains("Parse error: unexpected end of statement", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expr_UndefinedVariable_ExitsOneWithOrquestaMessage()
    {
        var (exit, _, error) = await Sflow.RunAsync("expr", "<% ctx(missing) %>", "--context", ContextFile("{}"));
        Assert.Equal(1, exit);
        Assert.Contains("The variable \"missing\" is undefined.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expr_MissingContextFile_NamesTheFile()
    {
        var path = Path.Combine(_directory, "absent.json");
        var (exit, _, error) = await Sflow.RunAsync("expr", "<% 1 %>", "--context", path);
        Assert.Equal(1, exit);
        Assert.Contains("absent.json", error, StringComparison.Ordinal);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json", "is not valid JSON")]
    [InlineData("[1, 2]", "must hold a JSON object")]
    public async Task Expr_BadContextFile_ExplainsWhatIsWrong(string content, string message)
    {
        var (exit, _, error) = await Sflow.RunAsync("expr", "<% 1 %>", "--context", ContextFile(content));
        Assert.Equal(1, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expr_Jinja_PrintsJsonResult()
    {
        var context = ContextFile("{\"trigger\": {\"body\": {\"name\": \"build\", \"id\": 42}}}");
        var (exit, output, _) = await Sflow.RunAsync("expr", "{{ trigger.body.name | upper }}-{{ trigger.body.id }}", "--context", context);
        Assert.Equal(0, exit);
        Assert.Equal("\"BUILD-42\"", output.Trim());
    }

    [Fact]
    public async Task Expr_JinjaOnly_LeavesYaqlLiteral()
    {
        var (exit, output, _) = await Sflow.RunAsync("expr", "<% 1 %>", "--jinja-only");
        Assert.Equal(0, exit);
        Assert.Equal("\"<% 1 %>\"", output.Trim());
    }
}
