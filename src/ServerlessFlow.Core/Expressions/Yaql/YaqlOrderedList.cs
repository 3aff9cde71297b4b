namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>The result of <c>orderBy</c>: the sorted items, plus the source and sort keys so that
/// <c>thenBy</c> can add a key and sort again (yaql's OrderingIterable).</summary>
internal sealed class YaqlOrderedList : List<object?>
{
    public YaqlOrderedList(List<object?> source)
    {
        Source = source;
    }

    public List<object?> Source { get; }

    public List<(Func<object?, object?> Selector, bool Descending)> Keys { get; } = [];

    /// <summary>A stable sort with yaql's &lt; and &gt; operators, as Python's sorted() with a comparator.</summary>
    public void Sort(YaqlCall call)
    {
        Clear();
        var keyed = Source.Select(item => (Item: item, Keys: Keys.Select(k => k.Selector(item)).ToArray())).ToList();
        var comparer = Comparer<object?[]>.Create((a, b) =>
        {
            for (var i = 0; i < Keys.Count; i++)
            {
                var result = 0;
                if (YaqlOperators.Compare("<", a[i], b[i], call.Position))
                {
                    result = -1;
                }
                else if (YaqlOperators.Compare(">", a[i], b[i], call.Position))
                {
                    result = 1;
                }
                else
                {
                    continue;
                }

                return Keys[i].Descending ? -result : result;
            }

            return 0;
        });
        try
        {
            AddRange(keyed.OrderBy(k => k.Keys, comparer).Select(k => k.Item).ToList());
        }
        catch (InvalidOperationException ex) when (ex.InnerException is YaqlError inner)
        {
            throw inner;
        }
    }
}
