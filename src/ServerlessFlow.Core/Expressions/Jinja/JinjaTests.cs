namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>Jinja's tests (<c>x is defined</c>, <c>x is none</c>, <c>x is divisibleby 3</c>…) plus
/// StackStorm's <c>in</c> test.</summary>
internal static class JinjaTests
{
    public static bool Exists(string name) => name is "defined" or "undefined" or "none" or "boolean" or "false" or "true"
        or "integer" or "float" or "number" or "string" or "mapping" or "iterable" or "sequence" or "callable"
        or "sameas" or "equalto" or "eq" or "==" or "ne" or "!=" or "lt" or "lessthan" or "<" or "gt" or "greaterthan" or ">"
        or "le" or "<=" or "ge" or ">=" or "in" or "divisibleby" or "even" or "odd" or "lower" or "upper" or "escaped" or "filter" or "test";

    public static bool Run(JinjaTemplateContext context, string name, object? value, List<object?> args, int position)
    {
        switch (name)
        {
            case "defined":
                return !IsUndefined(value);
            case "undefined":
                return IsUndefined(value);
        }

        if (!Exists(name))
        {
            throw new JinjaRuntimeException("TemplateAssertionError", $"No test named '{name}'.", position, ExpressionErrorKind.UnknownFunction);
        }

        value = JinjaValues.Defined(value);
        object? Arg(int i) => i < args.Count ? JinjaValues.Defined(args[i]) : throw JinjaRuntimeException.Type($"test '{name}' is missing an argument");
        switch (name)
        {
            case "none": return value is null;
            case "boolean": return value is bool;
            case "false": return value is false;
            case "true": return value is true;
            case "integer": return value is long;
            case "float": return value is double;
            case "number": return value is bool or long or double;
            case "string": return value is string;
            case "mapping": return value is Dictionary<string, object?> or JinjaNamespace;
            case "iterable": return value is string or List<object?> or Dictionary<string, object?>;
            case "sequence": return value is string or List<object?> or Dictionary<string, object?>;
            case "callable": return false;
            case "sameas":
                var other = Arg(0);
                return value is null or bool ? Equals(value, other) : ReferenceEquals(value, other) || (value is long l && other is long o && l == o);
            case "equalto" or "eq" or "==": return JinjaOperators.Compare("==", value, Arg(0));
            case "ne" or "!=": return JinjaOperators.Compare("!=", value, Arg(0));
            case "lt" or "lessthan" or "<": return JinjaOperators.Compare("<", value, Arg(0));
            case "gt" or "greaterthan" or ">": return JinjaOperators.Compare(">", value, Arg(0));
            case "le" or "<=": return JinjaOperators.Compare("<=", value, Arg(0));
            case "ge" or ">=": return JinjaOperators.Compare(">=", value, Arg(0));
            case "in": return JinjaOperators.Contains(Arg(0), value);
            case "divisibleby":
                var divisor = Arg(0);
                if (JinjaValues.IsNumber(value) && JinjaValues.IsNumber(divisor))
                {
                    var mod = JinjaOperators.Binary(context, "%", value, divisor);
                    return JinjaValues.PyEquals(mod, 0L);
                }

                throw JinjaRuntimeException.Type($"unsupported operand type(s) for %: '{JinjaValues.TypeName(value)}' and '{JinjaValues.TypeName(divisor)}'");
            case "even" or "odd":
                if (value is not (long or bool or double))
                {
                    throw JinjaRuntimeException.Type($"unsupported operand type(s) for %: '{JinjaValues.TypeName(value)}' and 'int'");
                }

                var rem = JinjaOperators.Binary(context, "%", value, 2L);
                return name == "even" ? JinjaValues.PyEquals(rem, 0L) : JinjaValues.PyEquals(rem, 1L);
            case "lower": return value is string s && s.ToLowerInvariant() == s;
            case "upper": return value is string u && u.ToUpperInvariant() == u;
            case "escaped": return false;
            case "filter": return value is string f && (JinjaFilters.Exists(f) || context.Registry.Contains(f));
            case "test": return value is string t && Exists(t);
        }

        return false;
    }

    // st2kv lookups are objects in st2, so they are always "defined", even for a missing key.
    private static bool IsUndefined(object? value) => value is JinjaUndefined;
}
