namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>A list that yaql would hold as a lazy iterator (the result of select, where, range…).
/// It behaves as a list everywhere except in <c>list(…)</c>, which, as in yaql, expands iterator arguments.</summary>
internal sealed class YaqlIteratorList : List<object?>
{
    public YaqlIteratorList()
    {
    }

    public YaqlIteratorList(int capacity)
        : base(capacity)
    {
    }

    public YaqlIteratorList(IEnumerable<object?> items)
        : base(items)
    {
    }
}
