using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Values;

public class PythonFloatTests
{
    // Expected strings are Python 3's repr() of the same floats.
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1234567890123456.0, "1234567890123456.0")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(3.14159, "3.14159")]
    [InlineData(1e22, "1e+22")]
    [InlineData(123.456e20, "1.23456e+22")]
    [InlineData(0.0, "0.0")]
    public void Repr_Double_MatchesPython(double value, string expected)
    {
        Assert.Equal(expected, PythonFloat.Repr(value));
    }
}
