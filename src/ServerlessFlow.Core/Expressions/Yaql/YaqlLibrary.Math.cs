using System.Globalization;

namespace ServerlessFlow.Core.Expressions.Yaql;

// yaql/standard_library/math.py and boolean.py.
internal static partial class YaqlLibrary
{
    private static void RegisterMath(Dictionary<string, YaqlFunction> f)
    {
        f["abs"] = call =>
        {
            call.Expect(1, 1);
            return call.Value(0) switch
            {
                long l => l == long.MinValue ? throw call.Error("OverflowError", "integer overflow") : (object)Math.Abs(l),
                double d => (object)Math.Abs(d),
                _ => throw call.NoMatch(),
            };
        };
        f["int"] = call =>
        {
            call.Expect(1, 1);
            return ToInt(call, call.Value(0));
        };
        f["float"] = call =>
        {
            call.Expect(1, 1);
            return ToFloat(call, call.Value(0));
        };
        f["bool"] = call =>
        {
            call.Expect(1, 1);
            return PythonSemantics.IsTruthy(call.Value(0));
        };
        f["isBoolean"] = call =>
        {
            call.Expect(1, 1);
            return call.Value(0) is bool;
        };
        f["isInteger"] = call =>
        {
            call.Expect(1, 1);
            return call.Value(0) is long;
        };
        f["isNumber"] = call =>
        {
            call.Expect(1, 1);
            return call.Value(0) is long or double;
        };
        f["max"] = call => call.Count == 2 && !call.HasReceiver ? MaxOf(call, call.Value(0), call.Value(1)) : Aggregate(call, MaxOf);
        f["min"] = call => call.Count == 2 && !call.HasReceiver ? MinOf(call, call.Value(0), call.Value(1)) : Aggregate(call, MinOf);
        f["pow"] = call =>
        {
            call.Expect(2, 3);
            var a = call.Value(0);
            var b = call.Value(1);
            if (!PythonSemantics.IsNumber(a) || !PythonSemantics.IsNumber(b))
            {
                throw call.NoMatch();
            }

            if (call.Count == 3 && call.Value(2) is long m && a is long la && b is long lb)
            {
                if (lb < 0)
                {
                    throw call.Error("ValueError", "pow() 2nd argument cannot be negative when 3rd argument specified");
                }

                return (long)System.Numerics.BigInteger.ModPow(la, lb, m);
            }

            if (a is long ia && b is long ib && ib >= 0)
            {
                var big = System.Numerics.BigInteger.Pow(ia, (int)Math.Min(ib, int.MaxValue));
                if (big > long.MaxValue || big < long.MinValue)
                {
                    throw call.Error("OverflowError", "integer result does not fit in 64 bits (Python would use a big integer)");
                }

                return (long)big;
            }

            return Math.Pow(PythonSemantics.ToDouble(a), PythonSemantics.ToDouble(b));
        };
        f["sign"] = call =>
        {
            call.Expect(1, 1);
            var value = call.Value(0);
            if (!PythonSemantics.IsNumber(value))
            {
                throw call.NoMatch();
            }

            var d = PythonSemantics.ToDouble(value);
            return d > 0 ? 1L : d < 0 ? -1L : 0L;
        };
        f["round"] = call =>
        {
            call.Expect(1, 2, "ndigits");
            var value = call.Value(0);
            var digits = call.Integer(1, "ndigits", 0);
            return value switch
            {
                long l when digits >= 0 => (object)l,
                long l => (object)((long)Math.Round(l / Math.Pow(10, -digits), MidpointRounding.ToEven) * (long)Math.Pow(10, -digits)),
                double d => (object)PythonRound(d, digits),
                _ => throw call.NoMatch(),
            };
        };
        f["random"] = call =>
        {
            // yaql: random() is random.random(), random(from, to) is random.randint(from, to), both ends included.
            // The draws come from the caller's replayable source, so a replayed workflow sees the same numbers.
            call.Expect(0, 2);
            var source = call.Ev.Scope.Random ?? throw call.Error(
                "NotSupported",
                "random() is not available here: no replayable random source was given (workflows replay deterministically)");
            if (call.Count == 0)
            {
                return source.NextDouble();
            }

            if (call.Count != 2 || call.Value(0) is not long from || call.Value(1) is not long to)
            {
                throw call.NoMatch();
            }

            if (to < from)
            {
                throw call.Error("ValueError", $"empty range for randrange() ({from}, {to + 1}, {to + 1 - from})");
            }

            var span = (double)(to - from) + 1;
            return from + (long)Math.Floor(source.NextDouble() * span);
        };
        f["bitwiseAnd"] = call => Bitwise(call, (a, b) => a & b);
        f["bitwiseOr"] = call => Bitwise(call, (a, b) => a | b);
        f["bitwiseXor"] = call => Bitwise(call, (a, b) => a ^ b);
        f["bitwiseNot"] = call =>
        {
            call.Expect(1, 1);
            return call.Value(0) is long l ? ~l : throw call.NoMatch();
        };
        f["shiftBitsLeft"] = call => Bitwise(call, (a, b) => a << (int)b);
        f["shiftBitsRight"] = call => Bitwise(call, (a, b) => a >> (int)b);
    }

    // Python rounds the exact binary value (2.675 is 2.67499…, so it rounds down): go through the
    // 17-digit decimal expansion instead of .NET's double rounding.
    private static double PythonRound(double value, long digits)
    {
        if (double.IsNaN(value) || double.IsInfinity(value) || Math.Abs(value) >= 1e15 || digits > 15)
        {
            return value;
        }

        var exact = decimal.Parse(value.ToString("G17", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        if (digits < 0)
        {
            var scale = (decimal)Math.Pow(10, -digits);
            return (double)(Math.Round(exact / scale, MidpointRounding.ToEven) * scale);
        }

        return (double)Math.Round(exact, (int)digits, MidpointRounding.ToEven);
    }

    private static object Bitwise(YaqlCall call, Func<long, long, long> op)
    {
        call.Expect(2, 2);
        return call.Value(0) is long a && call.Value(1) is long b ? op(a, b) : throw call.NoMatch();
    }

    private static object? MaxOf(YaqlCall call, object? a, object? b) =>
        YaqlOperators.Compare(">", b, a, call.Position) ? b : a;

    private static object? MinOf(YaqlCall call, object? a, object? b) =>
        YaqlOperators.Compare(">", b, a, call.Position) ? a : b;

    private static object ToInt(YaqlCall call, object? value)
    {
        switch (value)
        {
            case null:
                return 0L;
            case bool b:
                return b ? 1L : 0L;
            case long l:
                return l;
            case double d:
                if (double.IsNaN(d))
                {
                    throw call.Error("ValueError", "cannot convert float NaN to integer");
                }

                if (double.IsInfinity(d))
                {
                    throw call.Error("OverflowError", "cannot convert float infinity to integer");
                }

                return (long)Math.Truncate(d);
            case string s:
                var text = s.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
                if (s.Trim().Length > 0 && !s.Contains("__", StringComparison.Ordinal) &&
                    long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) &&
                    !s.Trim().StartsWith('_') && !s.Trim().EndsWith('_'))
                {
                    return parsed;
                }

                throw call.Error("ValueError", $"invalid literal for int() with base 10: {PythonSemantics.Repr(s)}");
            default:
                throw call.Error("TypeError", $"int() argument must be a string, a bytes-like object or a real number, not '{PythonSemantics.TypeName(value)}'");
        }
    }

    private static object ToFloat(YaqlCall call, object? value)
    {
        switch (value)
        {
            case null:
                return 0.0;
            case bool b:
                return b ? 1.0 : 0.0;
            case long l:
                return (double)l;
            case double d:
                return d;
            case string s:
                var text = s.Trim();
                var lower = text.ToLowerInvariant();
                switch (lower)
                {
                    case "nan" or "+nan" or "-nan":
                        return double.NaN;
                    case "inf" or "+inf" or "infinity" or "+infinity":
                        return double.PositiveInfinity;
                    case "-inf" or "-infinity":
                        return double.NegativeInfinity;
                    default:
                        break;
                }

                if (text.Length > 0 && (char.IsAsciiDigit(text[^1]) || text[^1] == '.') &&
                    double.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }

                throw call.Error("ValueError", $"could not convert string to float: {PythonSemantics.Repr(s)}");
            default:
                throw call.Error("TypeError", $"float() argument must be a string or a real number, not '{PythonSemantics.TypeName(value)}'");
        }
    }
}
