using ServerlessFlow.Core.Packs;

namespace ServerlessFlow.Core.Tests.Packs;

public class TaskActionTextTests
{
    [Theory]
    [InlineData("core.noop", "core.noop", "")]
    [InlineData("core.echo message=\"Fee fi\"", "core.echo", "message")]
    [InlineData("core.local cmd=<% ctx(cmd) %> timeout=<% ctx(timeout) %>", "core.local", "cmd,timeout")]
    [InlineData("core.echo message=\"a=b c=d\" count=2", "core.echo", "message,count")]
    [InlineData("core.echo message=<% 'x=1' %>, flag=true", "core.echo", "message,flag")]
    [InlineData("core.echo messages=<% ctx('greeting') %>", "core.echo", "messages")]
    [InlineData("pack.act items=[1, 2, 3] other='q'", "pack.act", "items,other")]
    [InlineData("  core.noop  ", "core.noop", "")]
    public void Parse_InlineParameters_SplitsRefAndNames(string text, string expectedRef, string expectedNames)
    {
        var parsed = TaskActionText.Parse(text);

        Assert.Equal(expectedRef, parsed.Ref);
        Assert.Equal(expectedNames, string.Join(",", parsed.InlineParameterNames));
        Assert.False(parsed.IsExpression);
    }

    [Fact]
    public void Parse_ExpressionRef_IsMarkedAsExpression()
    {
        Assert.True(TaskActionText.Parse("<% ctx().action %>").IsExpression);
        Assert.True(TaskActionText.Parse("{{ ctx('action') }} x=1").IsExpression);
    }
}
