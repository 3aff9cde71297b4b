using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Values;

/// <summary>The shared Python value semantics; every expectation is what CPython 3 prints or returns for the same value.</summary>
public sealed class PythonValuesTests
{
    // repr("it's"), repr('a\tb\x01'), repr('say "hi"'), repr('back\\slash')
    [Theory]
    [InlineData("it's", "\"it's\"")]
    [InlineData("a\tb\u0001", "'a\\tb\\x01'")]
    [InlineData("say \"hi\"", "'say \"hi\"'")]
    [InlineData("both ' and \"", "'both \\' and \"'")]
    [InlineData("back\\slash\r\n", "'back\\\\slash\\r\\n'")]
    public void Repr_String_QuotesAndEscapesAsPython(string value, string expected)
    {
        Assert.Equal(expected, PythonValues.Repr(value));
    }

    [Fact]
    public void Repr_NestedContainers_MatchesPython()
    {
        // repr({'k': [1, 2.0, None, True, 'x'], 'f': [[1e16, -0.0]]})
        var value = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["k"] = new List<object?> { 1L, 2.0, null, true, "x" },
            ["f"] = new List<object?> { new List<object?> { 1e16, -0.0 } },
        };

        Assert.Equal("{'k': [1, 2.0, None, True, 'x'], 'f': [[1e+16, -0.0]]}", PythonValues.Repr(value));
    }

    [Fact]
    public void Str_StringAndNumber_StringUnquotedNumberAsRepr()
    {
        Assert.Equal("it's", PythonValues.Str("it's"));
        Assert.Equal("0.1", PythonValues.Str(0.1));
        Assert.Equal("None", PythonValues.Str(null));
    }

    [Fact]
    public void Equal_NumbersAcrossTypesAndNested_AsPython()
    {
        // 1 == 1.0 == True; {'a': [1]} == {'a': [1.0]}; '1' != 1; [1] != [1, 2]
        Assert.True(PythonValues.Equal(1L, 1.0));
        Assert.True(PythonValues.Equal(true, 1L));
        Assert.True(PythonValues.Equal(
            new Dictionary<string, object?>(StringComparer.Ordinal) { ["a"] = new List<object?> { 1L } },
            new Dictionary<string, object?>(StringComparer.Ordinal) { ["a"] = new List<object?> { 1.0 } }));
        Assert.False(PythonValues.Equal("1", 1L));
        Assert.False(PythonValues.Equal(new List<object?> { 1L }, new List<object?> { 1L, 2L }));
        Assert.False(PythonValues.Equal(double.NaN, double.NaN));
    }

    [Fact]
    public void CompareCodePoints_AstralAgainstHighBmp_OrdersByCodePoint()
    {
        // '\uffff' < '\U0001F600' is True in Python; UTF-16 ordinal order says the opposite.
        Assert.True(PythonValues.CompareCodePoints("\uffff", "\U0001F600") < 0);
        Assert.True(PythonValues.CompareCodePoints("ab", "abc") < 0);
        Assert.Equal(0, PythonValues.CompareCodePoints("x\U0001F600", "x\U0001F600"));
    }

    [Fact]
    public void TypeName_PlainAndOther_PythonNamesOrNull()
    {
        Assert.Equal("NoneType", PythonValues.TypeName(null));
        Assert.Equal("int", PythonValues.TypeName(3L));
        Assert.Equal("float", PythonValues.TypeName(3.0));
        Assert.Equal("list", PythonValues.TypeName(new List<object?>()));
        Assert.Null(PythonValues.TypeName(new object()));
    }
}
