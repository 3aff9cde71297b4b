using System.Globalization;
using System.Text.RegularExpressions;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>The state of one evaluation: scope, limits, shared functions, and the counters that
/// enforce the limits (iterations, depth, output size).</summary>
internal sealed class YaqlEvaluation
{
    private readonly long _allocationStart = GC.GetAllocatedBytesForCurrentThread();
    private long _iterations;
    private int _depth;

    public YaqlEvaluation(ExpressionScope scope, ExpressionLimits limits, ExpressionFunctionRegistry shared, YaqlRegexCache regexes, bool ctxFastPath = false)
    {
        Scope = scope;
        Limits = limits;
        Shared = shared;
        Regexes = regexes;
        CtxFastPath = ctxFastPath;
    }

    /// <summary>True when <c>ctx().name</c> may read the workflow variables directly (ctx is Orquesta's).</summary>
    public bool CtxFastPath { get; }

    public ExpressionScope Scope { get; }

    public ExpressionLimits Limits { get; }

    public ExpressionFunctionRegistry Shared { get; }

    public YaqlRegexCache Regexes { get; }

    /// <summary>Counts <paramref name="count"/> loop iterations against the limit.</summary>
    public void Tick(long count, int position)
    {
        _iterations += count;
        if (_iterations > Limits.MaxIterations)
        {
            throw new YaqlError("LimitExceeded", $"Evaluation exceeded {Limits.MaxIterations} iterations", position, ExpressionErrorKind.Limit);
        }

        CheckAllocated(position);
    }

    /// <summary>Refuses strings and collections longer than the output limit.</summary>
    public void CheckLength(long length, int position)
    {
        if (length > Limits.MaxOutputLength)
        {
            throw new YaqlError("LimitExceeded", $"Result longer than {Limits.MaxOutputLength} items or characters", position, ExpressionErrorKind.Limit);
        }

        CheckAllocated(position);
    }

    /// <summary>Refuses to go on once this evaluation has allocated more than its memory budget.</summary>
    public void CheckAllocated(int position)
    {
        if (GC.GetAllocatedBytesForCurrentThread() - _allocationStart > Limits.MaxAllocatedBytes)
        {
            throw new YaqlError("LimitExceeded", $"Evaluation allocated more than {Limits.MaxAllocatedBytes / (1024 * 1024)} MiB", position, ExpressionErrorKind.Limit);
        }
    }

    public object? Call(string name, bool hasReceiver, object? receiver, YaqlNode[] arguments, YaqlFrame frame, int position)
    {
        if (++_depth > Limits.MaxDepth)
        {
            _depth = 0;
            throw new YaqlError("LimitExceeded", $"Evaluation nested deeper than {Limits.MaxDepth} calls", position, ExpressionErrorKind.Limit);
        }

        CheckAllocated(position);
        try
        {
            var call = new YaqlCall(this, name, hasReceiver, receiver, arguments, frame, position);
            // Orquesta registers its (and st2's) functions as plain functions: no method form,
            // except where yaql itself has a method of that name (zip).
            if (!hasReceiver && Shared.TryGet(name, out var shared))
            {
                return CallShared(shared, call);
            }

            if (YaqlLibrary.TryGet(name, out var function) && YaqlLibrary.Accepts(name, hasReceiver))
            {
                return function(call);
            }

            if (hasReceiver)
            {
                throw new YaqlError(
                    "NoMethodRegisteredException",
                    $"Unknown method \"{name}\" for receiver {PythonSemantics.Str(receiver, tuples: true)}",
                    position,
                    ExpressionErrorKind.UnknownFunction);
            }

            throw new YaqlError("NoFunctionRegisteredException", $"Unknown function \"{name}\"", position, ExpressionErrorKind.UnknownFunction);
        }
        finally
        {
            _depth--;
        }
    }

    private static readonly Dictionary<string, object?> NoNamedArguments = new(StringComparer.Ordinal);

    // Shared functions whose Python originals build new lists (json.loads, yaml, zip, JSONPath);
    // the others hand back yaql's own data (ctx, result, item), which holds tuples.
    private static readonly HashSet<string> PythonListResults = new(StringComparer.Ordinal)
    {
        "json", "json_parse", "from_json_string", "yaml_parse", "from_yaml_string", "jsonpath_query", "zip",
    };

    private object? CallShared(ExpressionFunction function, YaqlCall call)
    {
        var positional = new object?[call.Count];
        for (var i = 0; i < call.Count; i++)
        {
            positional[i] = ToPlain(call.Value(i), call.Position);
        }

        var named = call.Mappings.Length == 0 ? NoNamedArguments : new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var mapping in call.Mappings)
        {
            var key = mapping.Key.Evaluate(this, call.Frame);
            if (key is not string keyName)
            {
                throw new YaqlError("MappingTranslationException", "Cannot convert mapping to keyword argument", mapping.Position);
            }

            named[keyName] = ToPlain(mapping.Value.Evaluate(this, call.Frame), mapping.Position);
        }

        try
        {
            var result = function(new FunctionCall(call.Name, positional, named, Scope, Limits));
            return PythonListResults.Contains(call.Name) ? YaqlPyList.Deep(result) : result;
        }
        catch (ExpressionException ex) when (ex.Position == 0 && string.IsNullOrEmpty(ex.Expression))
        {
            throw new YaqlError(string.Empty, ex.Message, call.Position, ex.Kind);
        }
        catch (ArgumentException ex)
        {
            throw new YaqlError("ValueError", ex.Message, call.Position);
        }
    }

    /// <summary><c>receiver.name</c>: a dict key, the attribute of every item of a list, or an error.</summary>
    public object? GetAttribute(object? receiver, string name, int position)
    {
        switch (receiver)
        {
            case Dictionary<string, object?> dict:
                if (dict.TryGetValue(name, out var value))
                {
                    return value;
                }

                throw new YaqlError("KeyError", $"'{name}'", position, ExpressionErrorKind.Undefined);
            case List<object?> or YaqlSet:
                var items = Items(receiver);
                var result = new YaqlIteratorList(items.Count);
                Tick(items.Count, position);
                foreach (var item in items)
                {
                    result.Add(GetAttribute(item, name, position));
                }

                return result;
            default:
                throw new YaqlError("NoFunctionRegisteredException", $"Unknown function \"#property#{name}\"", position, ExpressionErrorKind.Undefined);
        }
    }

    /// <summary><c>value[index]</c>: a list element (negative counts from the end) or a dict value.</summary>
    public object? Index(object? target, object? index, int position)
    {
        switch (target)
        {
            case Dictionary<string, object?> dict:
                var key = DictKey(index, position);
                if (dict.TryGetValue(key, out var value))
                {
                    return value;
                }

                throw new YaqlError("KeyError", PythonSemantics.Repr(index), position, ExpressionErrorKind.Undefined);
            case List<object?> list when (index is long or bool) && PythonSemantics.IsSequence(list):
                var i = PythonSemantics.ToLong(index);
                if (i < 0)
                {
                    i += list.Count;
                }

                if (i < 0 || i >= list.Count)
                {
                    throw new YaqlError("IndexError", "tuple index out of range", position);
                }

                return list[(int)i];
            default:
                throw new YaqlError("NoMatchingFunctionException", "No function \"#indexer\" matches supplied arguments", position);
        }
    }

    public bool RegexMatches(object? left, object? right, int position, string function)
    {
        if (left is not string text)
        {
            throw YaqlOperators.NoMatch(function, position);
        }

        var regex = right switch
        {
            YaqlRegex r => r.Regex,
            string pattern => Regexes.Get(pattern, RegexOptions.None, Limits.RegexTimeout, position),
            _ => throw YaqlOperators.NoMatch(function, position),
        };
        return YaqlRegexCache.IsMatch(regex, text, position);
    }

    /// <summary>Evaluates a lambda argument with <c>$</c>/<c>$1</c> (and <c>$2</c>…) bound.</summary>
    public object? Invoke(YaqlNode body, YaqlFrame parent, object? arg1, int position)
    {
        Tick(1, position);
        var frame = new YaqlFrame(parent);
        frame.Set("$1", arg1);
        return body.Evaluate(this, frame);
    }

    public object? Invoke(YaqlNode body, YaqlFrame parent, object? arg1, object? arg2, int position)
    {
        Tick(1, position);
        var frame = new YaqlFrame(parent);
        frame.Set("$1", arg1);
        frame.Set("$2", arg2);
        return body.Evaluate(this, frame);
    }

    /// <summary>True for the values yaql's Iterable parameter accepts (not strings, not dicts).</summary>
    public static bool IsIterable(object? value) => value is List<object?> or YaqlSet;

    public static List<object?> Items(object? value) => value switch
    {
        List<object?> list => list,
        YaqlSet set => set.Items,
        _ => throw new InvalidOperationException("not iterable"),
    };

    /// <summary>The dictionary key a yaql value becomes (JSON's rules: the plain model has string keys only).</summary>
    public static string DictKey(object? key, int position) => key switch
    {
        string s => s,
        null => "null",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => PythonFloat.Repr(d),
        _ => throw new YaqlError("TypeError", $"keys must be str, int, float, bool or None, not {PythonSemantics.TypeName(key)}", position),
    };

    /// <summary>Turns an evaluation value into the plain model (sets become lists).</summary>
    public static object? ToPlain(object? value, int position)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (value)
        {
            case null or bool or long or double or string:
                return value;
            case List<object?> list:
                List<object?>? copy = null;
                for (var i = 0; i < list.Count; i++)
                {
                    var item = list[i];
                    var plain = ToPlain(item, position);
                    if (copy is null && !ReferenceEquals(plain, item))
                    {
                        copy = new List<object?>(list.Count);
                        copy.AddRange(list.Take(i));
                    }

                    copy?.Add(plain);
                }

                // Iterator and ordered lists are evaluation-only subclasses: the plain model wants List<object?>.
                return copy ?? (list.GetType() == typeof(List<object?>) ? list : new List<object?>(list));
            case Dictionary<string, object?> dict:
                Dictionary<string, object?>? copyDict = null;
                foreach (var (key, item) in dict)
                {
                    var plain = ToPlain(item, position);
                    if (copyDict is null && !ReferenceEquals(plain, item))
                    {
                        copyDict = new Dictionary<string, object?>(StringComparer.Ordinal);
                        foreach (var (k, v) in dict)
                        {
                            if (string.Equals(k, key, StringComparison.Ordinal))
                            {
                                break;
                            }

                            copyDict[k] = v;
                        }
                    }

                    if (copyDict is not null)
                    {
                        copyDict[key] = plain;
                    }
                }

                return copyDict ?? dict;
            case YaqlSet set:
                // yaql's output conversion turns a set's tuples and dicts into lists and dicts,
                // which Python cannot put back into a set.
                foreach (var item in set.Items)
                {
                    if (item is List<object?> or Dictionary<string, object?>)
                    {
                        throw new YaqlError("TypeError", $"unhashable type: '{(item is List<object?> ? "list" : "dict")}'", position);
                    }
                }

                return ToPlain(set.Items, position);
            case YaqlRegex regex:
                throw new YaqlError("TypeError", $"A regex object ({PythonSemantics.Repr(regex)}) is not a JSON value", position);
            case YaqlLetContext:
                throw new YaqlError("TypeError", "A context object (from let) is not a JSON value", position);
            default:
                return PlainValues.Normalize(value);
        }
    }
}
