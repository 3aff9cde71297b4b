namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>A Python tuple: behaves as a list everywhere but prints as <c>(1, 2)</c>. Results
/// leave the Jinja layer as plain lists.</summary>
internal sealed class JinjaTuple : List<object?>
{
    public JinjaTuple()
    {
    }

    public JinjaTuple(IEnumerable<object?> items)
        : base(items)
    {
    }
}
