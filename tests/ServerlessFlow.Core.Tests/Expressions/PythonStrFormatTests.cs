using ServerlessFlow.Core.Expressions;

namespace ServerlessFlow.Core.Tests.Expressions;

/// <summary>YAQL's format() and Jinja's str.format share one implementation; these pin both to CPython.</summary>
public sealed class PythonStrFormatTests
{
    private static readonly ExpressionEngine Engine = new();

    private static ExpressionScope Scope(object? value) => new(new Dictionary<string, object?>(StringComparer.Ordinal) { ["v"] = value });

    // Expected values printed by CPython 3: print(repr(template.format(value))).
    [Theory]
    [InlineData("{:<05}", 1L, "10000")]
    [InlineData("{:x<05}", 1L, "1xxxx")]
    [InlineData("{:05}", -1.5, "-01.5")]
    [InlineData("{:5}", true, "    1")]
    [InlineData("{:.2f}", double.NaN, "nan")]
    [InlineData("{:F}", double.PositiveInfinity, "INF")]
    [InlineData("{:%}", double.NegativeInfinity, "-inf%")]
    [InlineData("{:010}", "ab", "ab00000000")]
    [InlineData("{:g}", 999999.5, "1e+06")]
    [InlineData("{:g}", -0.0, "-0")]
    [InlineData("{:,}", 1234567L, "1,234,567")]
    [InlineData("{:+08.3f}", 3.14159, "+003.142")]
    [InlineData("{:^7}", "ab", "  ab   ")]
    [InlineData("{:#x}", 255L, "0xff")]
    [InlineData("{:e}", 12345.678, "1.234568e+04")]
    [InlineData("{:c}", 65L, "A")]
    [InlineData("{:5c}", 65L, "    A")]
    [InlineData("{:<3c}", 0x263aL, "\u263a  ")]
    [InlineData("{:c}", 0x1F600L, "\U0001F600")]
    public void Format_YaqlAndJinja_MatchPython(string template, object value, string expected)
    {
        Assert.Equal(expected, Engine.Evaluate("<% format('" + template + "', ctx().v) %>", Scope(value)));
        Assert.Equal(expected, Engine.Evaluate("{{ '" + template + "'.format(ctx().v) }}", Scope(value)));
    }

    // CPython 3: '{:c}'.format(v) errors.
    [Theory]
    [InlineData("{:+c}", 65L, "Sign not allowed with integer format specifier 'c'")]
    [InlineData("{:-c}", 65L, "Sign not allowed with integer format specifier 'c'")]
    [InlineData("{:c}", -1L, "%c arg not in range(0x110000)")]
    [InlineData("{:c}", 1.5, "Unknown format code 'c' for object of type 'float'")]
    public void Format_BadCharacterConversion_FailsAsPython(string template, object value, string message)
    {
        var error = Assert.ThrowsAny<Exception>(() => Engine.Evaluate("<% format('" + template + "', ctx().v) %>", Scope(value)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    // Jinja's printf-style % shares the float digits: CPython 3 print(repr(template % value)).
    [Theory]
    [InlineData("%g", -0.0, "-0")]
    [InlineData("%+.1e", 12345.678, "+1.2e+04")]
    [InlineData("%#g", 0.0, "0.00000")]
    public void PercentFormat_Jinja_MatchesPython(string template, double value, string expected)
    {
        Assert.Equal(expected, Engine.Evaluate("{{ '" + template + "' % ctx().v }}", Scope(value)));
    }
}
