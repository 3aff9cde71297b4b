using System.Globalization;

namespace ServerlessFlow.Core.Values;

/// <summary>Formats doubles exactly as Python's <c>repr(float)</c> does, which is what
/// StackStorm prints (json.dumps, str(), Jinja output).</summary>
public static class PythonFloat
{
    /// <summary>Python's repr of a float: shortest round-trip digits, ".0" for integral values,
    /// scientific notation below 1e-4 and from 1e16, "inf", "-inf" and "nan".</summary>
    public static string Repr(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // "R"/default ToString gives the shortest round-trip digits; re-lay them out the Python way.
        var roundTrip = value.ToString("R", CultureInfo.InvariantCulture);
        var (negative, digits, exponent) = Decompose(roundTrip);
        var sign = negative ? "-" : string.Empty;
        // exponent: value = 0.d1d2d3... * 10^exponent  → decimal point position
        var decimalExponent = exponent - 1; // scientific exponent for d1.d2d3...
        if (decimalExponent < -4 || decimalExponent >= 16)
        {
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            var expSign = decimalExponent < 0 ? "-" : "+";
            var expDigits = Math.Abs(decimalExponent).ToString("00", CultureInfo.InvariantCulture);
            return sign + mantissa + "e" + expSign + expDigits;
        }

        if (exponent <= 0)
        {
            return sign + "0." + new string('0', -exponent) + digits;
        }

        if (exponent >= digits.Length)
        {
            return sign + digits + new string('0', exponent - digits.Length) + ".0";
        }

        return sign + digits[..exponent] + "." + digits[exponent..];
    }

    // Splits a .NET round-trip string into sign, significant digits and the exponent e such
    // that value = 0.DIGITS × 10^e.
    private static (bool Negative, string Digits, int Exponent) Decompose(string text)
    {
        var negative = text.StartsWith('-');
        if (negative)
        {
            text = text[1..];
        }

        var exponent = 0;
        var ePos = text.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            exponent = int.Parse(text[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..ePos];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        string intPart = dot >= 0 ? text[..dot] : text;
        string fracPart = dot >= 0 ? text[(dot + 1)..] : string.Empty;
        var all = intPart + fracPart;
        var pointPos = intPart.Length + exponent;
        var leadingZeros = 0;
        while (leadingZeros < all.Length - 1 && all[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        all = all[leadingZeros..];
        pointPos -= leadingZeros;
        all = all.TrimEnd('0');
        if (all.Length == 0)
        {
            all = "0";
        }

        return (negative, all, pointPos);
    }
}
