using System.Text;

namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>Python's arithmetic and comparison operators as Jinja applies them.</summary>
internal static class JinjaOperators
{
    /// <summary><c>+ - * / // % **</c>.</summary>
    public static object? Binary(JinjaTemplateContext context, string op, object? left, object? right)
    {
        left = JinjaValues.Defined(left);
        right = JinjaValues.Defined(right);
        if (JinjaValues.IsNumber(left) && JinjaValues.IsNumber(right))
        {
            return Arithmetic(op, left!, right!);
        }

        switch (op)
        {
            case "+" when left is string a && right is string b:
                return context.CheckLength(a + b);
            case "+" when left is List<object?> la && right is List<object?> lb && (left is JinjaTuple) == (right is JinjaTuple):
                context.CheckCount((long)la.Count + lb.Count);
                List<object?> joined = left is JinjaTuple ? new JinjaTuple(la) : new List<object?>(la);
                joined.AddRange(lb);
                return joined;
            case "+" when left is string:
                throw JinjaRuntimeException.Type($"can only concatenate str (not \"{JinjaValues.TypeName(right)}\") to str");
            case "+" when left is List<object?>:
                throw JinjaRuntimeException.Type($"can only concatenate {JinjaValues.TypeName(left)} (not \"{JinjaValues.TypeName(right)}\") to {JinjaValues.TypeName(left)}");
            case "*" when left is string or List<object?> && right is long or bool:
                return Repeat(context, left!, JinjaValues.ToLong(right!));
            case "*" when right is string or List<object?> && left is long or bool:
                return Repeat(context, right!, JinjaValues.ToLong(left!));
            case "*" when left is string or List<object?> || right is string or List<object?>:
                throw JinjaRuntimeException.Type($"can't multiply sequence by non-int of type '{JinjaValues.TypeName(left is string or List<object?> ? right : left)}'");
            case "%" when left is string format:
                return context.CheckLength(PythonPercentFormat.Format(format, right));
        }

        throw JinjaRuntimeException.Type($"unsupported operand type(s) for {op}: '{JinjaValues.TypeName(left)}' and '{JinjaValues.TypeName(right)}'");
    }

    private static object Repeat(JinjaTemplateContext context, object value, long times)
    {
        times = Math.Max(0, times);
        if (value is string s)
        {
            if (s.Length * times > context.Limits.MaxOutputLength)
            {
                context.CheckLength(new string(' ', context.Limits.MaxOutputLength + 1));
            }

            var builder = new StringBuilder();
            for (var i = 0; i < times; i++)
            {
                builder.Append(s);
            }

            return builder.ToString();
        }

        var list = (List<object?>)value;
        context.CheckCount(list.Count * times);
        List<object?> result = value is JinjaTuple ? new JinjaTuple() : [];
        for (var i = 0; i < times; i++)
        {
            result.AddRange(list);
        }

        return result;
    }

    private static object Arithmetic(string op, object left, object right)
    {
        var integral = left is not double && right is not double;
        if (integral)
        {
            var a = JinjaValues.ToLong(left);
            var b = JinjaValues.ToLong(right);
            try
            {
                switch (op)
                {
                    case "+": return checked(a + b);
                    case "-": return checked(a - b);
                    case "*": return checked(a * b);
                    case "/":
                        if (b == 0)
                        {
                            throw new JinjaRuntimeException("ZeroDivisionError", "division by zero");
                        }

                        return (double)a / b;
                    case "//":
                        if (b == 0)
                        {
                            throw new JinjaRuntimeException("ZeroDivisionError", "integer division or modulo by zero");
                        }

                        return FloorDiv(a, b);
                    case "%":
                        if (b == 0)
                        {
                            throw new JinjaRuntimeException("ZeroDivisionError", "integer modulo by zero");
                        }

                        return a - (b * FloorDiv(a, b));
                    case "**":
                        if (b < 0)
                        {
                            return Math.Pow(a, b);
                        }

                        long result = 1;
                        for (var i = 0; i < b; i++)
                        {
                            result = checked(result * a);
                            if (result is 0 or 1 && a is 0 or 1)
                            {
                                break;
                            }

                            if (a == -1)
                            {
                                return b % 2 == 0 ? 1L : -1L;
                            }
                        }

                        return result;
                }
            }
            catch (OverflowException)
            {
                throw new JinjaRuntimeException("OverflowError", "integer result too large for the engine (64-bit)");
            }
        }

        var x = JinjaValues.ToDouble(left);
        var y = JinjaValues.ToDouble(right);
        switch (op)
        {
            case "+": return x + y;
            case "-": return x - y;
            case "*": return x * y;
            case "/":
                if (y == 0)
                {
                    throw new JinjaRuntimeException("ZeroDivisionError", "float division by zero");
                }

                return x / y;
            case "//":
                if (y == 0)
                {
                    throw new JinjaRuntimeException("ZeroDivisionError", "float floor division by zero");
                }

                return Math.Floor(x / y);
            case "%":
                if (y == 0)
                {
                    throw new JinjaRuntimeException("ZeroDivisionError", "float modulo");
                }

                var m = x % y;
                return m != 0 && (m < 0) != (y < 0) ? m + y : m;
            case "**":
                return Math.Pow(x, y);
        }

        throw new InvalidOperationException("unknown operator " + op);
    }

    private static long FloorDiv(long a, long b)
    {
        var q = a / b;
        if ((a % b != 0) && ((a < 0) != (b < 0)))
        {
            q--;
        }

        return q;
    }

    /// <summary>One comparison step: <c>== != &lt; &gt; &lt;= &gt;= in notin</c>.</summary>
    public static bool Compare(string op, object? left, object? right)
    {
        switch (op)
        {
            case "==":
                return JinjaValues.PyEquals(JinjaValues.DefinedObject(left), JinjaValues.DefinedObject(right));
            case "!=":
                return !JinjaValues.PyEquals(JinjaValues.DefinedObject(left), JinjaValues.DefinedObject(right));
            case "<":
                return JinjaValues.Compare(left, right, op) < 0;
            case ">":
                return JinjaValues.Compare(left, right, op) > 0;
            case "<=":
                return JinjaValues.Compare(left, right, op) <= 0;
            case ">=":
                return JinjaValues.Compare(left, right, op) >= 0;
            case "in":
                return Contains(right, left);
            case "notin":
                return !Contains(right, left);
            default:
                throw new InvalidOperationException("unknown comparison " + op);
        }
    }

    /// <summary>Python's <c>item in container</c>.</summary>
    public static bool Contains(object? container, object? item)
    {
        container = JinjaValues.Defined(container);
        item = JinjaValues.Defined(item);
        switch (container)
        {
            case string s:
                if (item is not string sub)
                {
                    throw JinjaRuntimeException.Type($"'in <string>' requires string as left operand, not {JinjaValues.TypeName(item)}");
                }

                return s.Contains(sub, StringComparison.Ordinal);
            case List<object?> list:
                foreach (var element in list)
                {
                    if (JinjaValues.PyEquals(element, item))
                    {
                        return true;
                    }
                }

                return false;
            case Dictionary<string, object?> dict:
                return item is string key && dict.ContainsKey(key);
            default:
                throw JinjaRuntimeException.Type($"argument of type '{JinjaValues.TypeName(container)}' is not iterable");
        }
    }
}
