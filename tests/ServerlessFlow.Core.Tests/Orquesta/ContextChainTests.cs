using ServerlessFlow.Core.Orquesta.Conducting;

namespace ServerlessFlow.Core.Tests.Orquesta;

public sealed class ContextChainTests
{
    [Fact]
    public void Append_SharedPrefix_ListsInOrder()
    {
        var a = ContextChain.Root.Append(3);
        var b = a.Append(5);
        var c = a.Append(7);
        Assert.Equal([0, 3, 5], b.ToList());
        Assert.Equal([0, 3, 7], c.ToList());
        Assert.Same(b.Parent, c.Parent);
    }

    [Fact]
    public void From_WithIntern_EqualPrefixesShareLinks()
    {
        var intern = new Dictionary<(ContextChain?, int), ContextChain>();
        var first = ContextChain.From([0, 1, 2], intern);
        var second = ContextChain.From([0, 1, 4], intern);
        Assert.Same(first.Parent, second.Parent);
        Assert.Same(ContextChain.Root, ContextChain.From([]));
    }
}
