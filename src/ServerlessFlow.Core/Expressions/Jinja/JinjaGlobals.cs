namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>Jinja's global functions: <c>range</c>, <c>dict</c>, <c>namespace</c>. (<c>lipsum</c>,
/// <c>cycler</c> and <c>joiner</c> are not provided: lipsum is random, the others hold state.)</summary>
internal static class JinjaGlobals
{
    public static bool TryCall(JinjaTemplateContext context, string name, List<object?> arguments, Dictionary<string, object?> named, out object? result)
    {
        switch (name)
        {
            case "range":
                result = Range(context, arguments);
                return true;
            case "dict":
                var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                if (arguments.Count > 0)
                {
                    foreach (var (key, value) in JinjaFilters.Pairs(JinjaValues.Defined(arguments[0])))
                    {
                        dict[key] = value;
                    }
                }

                foreach (var (key, value) in named)
                {
                    dict[key] = JinjaValues.Defined(value);
                }

                result = dict;
                return true;
            case "namespace":
                var ns = new JinjaNamespace();
                foreach (var (key, value) in named)
                {
                    ns.Values[key] = value;
                }

                result = ns;
                return true;
            default:
                result = null;
                return false;
        }
    }

    private static JinjaView Range(JinjaTemplateContext context, List<object?> arguments)
    {
        var numbers = arguments.Select(a => JinjaValues.Defined(a) is long or bool ? JinjaValues.ToLong(JinjaValues.Defined(a)!) : throw JinjaRuntimeException.Type($"'{JinjaValues.TypeName(a)}' object cannot be interpreted as an integer")).ToList();
        var (start, stop, step) = numbers.Count switch
        {
            1 => (0L, numbers[0], 1L),
            2 => (numbers[0], numbers[1], 1L),
            3 => (numbers[0], numbers[1], numbers[2]),
            _ => throw JinjaRuntimeException.Type($"range expected at most 3 arguments, got {numbers.Count}"),
        };
        if (step == 0)
        {
            throw JinjaRuntimeException.Value("range() arg 3 must not be zero");
        }

        var count = step > 0 ? (stop > start ? ((stop - start - 1) / step) + 1 : 0) : (start > stop ? ((start - stop - 1) / -step) + 1 : 0);
        // Jinja's sandbox caps range() at MAX_RANGE (100000) items.
        if (count > 100_000)
        {
            throw new JinjaRuntimeException("OverflowError", "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).", -1, ExpressionErrorKind.Limit);
        }

        context.CountIteration(-1, count);
        var items = new List<object?>((int)count);
        for (var i = 0L; i < count; i++)
        {
            items.Add(start + (i * step));
        }

        var repr = step == 1 ? FormattableString.Invariant($"range({start}, {stop})") : FormattableString.Invariant($"range({start}, {stop}, {step})");
        return new JinjaView(items, "range", repr);
    }
}
