using Scriban;
using Scriban.Runtime;
using ServerlessFlow.Core.Expressions.Jinja.Nodes;

namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>
/// The Scriban <see cref="TemplateContext"/> Jinja nodes run in. Scriban supplies the output stack
/// (text is written through <see cref="TemplateContext.Write(string)"/>, set blocks capture with
/// PushOutput/PopOutput), the recursion guard and cancellation; this class adds Jinja's variable
/// frames, the shared function registry, StackStorm's key-value lookup and the engine's limits.
/// It is built with an empty builtin object, and no node ever asks Scriban for a member accessor,
/// so templates can reach only plain values: never .NET members.
/// </summary>
internal sealed class JinjaTemplateContext : TemplateContext
{
    private static readonly ScriptObject NoBuiltins = new();
    private static readonly HashSet<string> ContextFunctions = new(StringComparer.Ordinal)
    {
        "ctx", "result", "succeeded", "failed", "completed", "item", "task_status", "task", "st2kv",
    };
    [ThreadStatic]
    private static JinjaTemplateContext? t_spare;

    // The evaluation running on this thread, so that static value helpers (iterating a string) count against its limits.
    [ThreadStatic]
    private static JinjaTemplateContext? t_current;

    private readonly List<Dictionary<string, object?>> _frames = [new(StringComparer.Ordinal)];
    private Dictionary<string, object?>? _data;
    private long _iterations;
    private long _allocationStart;
    private int _frameTop;

    private JinjaTemplateContext()
        : base(NoBuiltins)
    {
        // Scriban would silently cut long output with "..."; the engine's own limit raises instead.
        LimitToString = 0;
        LoopLimit = 0;
        StrictVariables = true;
        EnableRelaxedMemberAccess = false;
        Scope = ExpressionScope.Empty;
        Limits = ExpressionLimits.Default;
        Registry = new ExpressionFunctionRegistry();
    }

    public ExpressionScope Scope { get; private set; }

    public ExpressionLimits Limits { get; private set; }

    public ExpressionFunctionRegistry Registry { get; private set; }

    /// <summary>A context ready for one evaluation. Building a Scriban context costs about 20 KB, so
    /// each thread keeps one spare: <see cref="Return"/> gives it back after a successful evaluation
    /// (after a failure it is dropped, so no half-unwound state is ever reused).</summary>
    public static JinjaTemplateContext Rent(ExpressionScope scope, ExpressionLimits limits, ExpressionFunctionRegistry registry)
    {
        var context = t_spare ?? new JinjaTemplateContext();
        t_spare = null;
        context.Scope = scope;
        context.Limits = limits;
        context.Registry = registry;
        context._data = scope.Data as Dictionary<string, object?>;
        context._iterations = 0;
        context._allocationStart = GC.GetAllocatedBytesForCurrentThread();
        t_current = context;
        context.RecursiveLimit = Math.Max(1, limits.MaxDepth);
        context.RegexTimeOut = limits.RegexTimeout > TimeSpan.Zero ? limits.RegexTimeout : TimeSpan.FromSeconds(1);
        return context;
    }

    /// <summary>The evaluation running on this thread, if any.</summary>
    public static JinjaTemplateContext? Current => t_current;

    /// <summary>Gives a context back for reuse on this thread.</summary>
    public static void Return(JinjaTemplateContext context)
    {
        t_current = null;
        while (context._frameTop > 0)
        {
            context.PopFrame();
        }

        context._frames[0].Clear();
        context.Reset();
        context.Scope = ExpressionScope.Empty;
        context._data = null;
        t_spare = context;
    }

    private StringBuilderOutput CurrentOutput => (StringBuilderOutput)Output;

    /// <summary>Looks a name up: set/loop variables (innermost first), the scope data, then st2kv.</summary>
    public object? Resolve(string name, int position)
    {
        for (var i = _frameTop; i >= 0; i--)
        {
            if (_frames[i].TryGetValue(name, out var local))
            {
                return local;
            }
        }

        if (_data is not null && _data.TryGetValue(name, out var value))
        {
            return value;
        }

        if (name == "st2kv" && Scope.KeyValues is not null)
        {
            return new JinjaKeyValueLookup(Scope.KeyValues, null, string.Empty);
        }

        return new JinjaUndefined($"'{name}' is undefined", position);
    }

    /// <summary>True when a set or loop variable of that name is visible.</summary>
    public bool IsLocal(string name)
    {
        for (var i = _frameTop; i >= 0; i--)
        {
            if (_frames[i].ContainsKey(name))
            {
                return true;
            }
        }

        return false;
    }

    public void SetLocal(string name, object? value) => _frames[_frameTop][name] = value;

    public void PushFrame()
    {
        _frameTop++;
        if (_frameTop == _frames.Count)
        {
            _frames.Add(new Dictionary<string, object?>(StringComparer.Ordinal));
        }
    }

    public void ClearFrame() => _frames[_frameTop].Clear();

    public void PopFrame()
    {
        _frames[_frameTop].Clear();
        _frameTop--;
    }

    /// <summary>Counts one loop iteration (or one element produced); too many is a limit error.</summary>
    public void CountIteration(int position, long count = 1)
    {
        _iterations += count;
        if (_iterations > Limits.MaxIterations)
        {
            throw new JinjaRuntimeException("LimitError", $"the template exceeded the limit of {Limits.MaxIterations} loop iterations", position, ExpressionErrorKind.Limit);
        }

        CheckAllocated(position);
    }

    /// <summary>Refuses to go on once this evaluation has allocated more than its memory budget.</summary>
    public void CheckAllocated(int position)
    {
        if (GC.GetAllocatedBytesForCurrentThread() - _allocationStart > Limits.MaxAllocatedBytes)
        {
            throw new JinjaRuntimeException("LimitError", $"the evaluation allocated more than {Limits.MaxAllocatedBytes / (1024 * 1024)} MiB", position, ExpressionErrorKind.Limit);
        }
    }

    /// <summary>Raises a limit error when a produced string is longer than the output limit.</summary>
    public string CheckLength(string text)
    {
        if (text.Length > Limits.MaxOutputLength)
        {
            throw new JinjaRuntimeException("LimitError", $"the result exceeds the output limit of {Limits.MaxOutputLength} characters", -1, ExpressionErrorKind.Limit);
        }

        CheckAllocated(-1);
        return text;
    }

    /// <summary>Raises a limit error when a produced collection is larger than the output limit.</summary>
    public void CheckCount(long count)
    {
        if (count > Limits.MaxOutputLength || count > Limits.MaxIterations)
        {
            throw new JinjaRuntimeException("LimitError", $"the result would have {count} items, over the limit", -1, ExpressionErrorKind.Limit);
        }

        CheckAllocated(-1);
    }

    /// <summary>Writes rendered text through Scriban's output, within the output limit.</summary>
    public void WriteText(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (CurrentOutput.Builder.Length + text.Length > Limits.MaxOutputLength)
        {
            throw new JinjaRuntimeException("LimitError", $"the rendered output exceeds the limit of {Limits.MaxOutputLength} characters", -1, ExpressionErrorKind.Limit);
        }

        Write(text);
    }

    /// <summary>Renders a block into a fresh Scriban output and returns the text.</summary>
    public string Capture(JinjaBlockStatement body)
    {
        PushOutput();
        try
        {
            body.Render(this);
            return CurrentOutput.Builder.ToString();
        }
        finally
        {
            PopOutput();
        }
    }

    /// <summary>The text rendered so far into the top-level output.</summary>
    public string RenderedText() => CurrentOutput.Builder.ToString();

    /// <summary>Calls a global: Jinja's own (range, dict, namespace…) or a registered function.</summary>
    public object? CallFunction(string name, List<object?> arguments, Dictionary<string, object?> named, int position)
    {
        CheckAllocated(position);
        if (JinjaGlobals.TryCall(this, name, arguments, named, out var result))
        {
            return result;
        }

        if (Registry.TryGet(name, out var function))
        {
            var result2 = Invoke(function, name, arguments, named, position);
            // Orquesta's zip() returns Python tuples, which print as (a, b).
            return name == "zip" && arguments.Count > 1 && result2 is List<object?> rows
                ? rows.Select(r => r is List<object?> row ? new JinjaTuple(row) : r).ToList()
                : result2;
        }

        if (_data is not null && _data.ContainsKey(name))
        {
            throw JinjaRuntimeException.Type($"'{JinjaValues.TypeName(_data[name])}' object is not callable");
        }

        throw JinjaRuntimeException.Undefined($"'{name}' is undefined", position);
    }

    /// <summary>Applies a filter: Jinja's builtin filters, then registered functions (as Orquesta registers them).</summary>
    public object? CallFilter(string name, object? value, List<object?> arguments, Dictionary<string, object?> named, int position)
    {
        CheckAllocated(position);
        if (name == "decrypt_kv")
        {
            return DecryptKeyValue(value, position);
        }

        if (ContextFunctions.Contains(name))
        {
            // Orquesta registers its context-taking functions as filters unchanged, so the filtered
            // value lands in the "context" parameter: Python then fails on it, and so do we.
            var subject = JinjaValues.Defined(value);
            throw subject switch
            {
                string => JinjaRuntimeException.Type("string indices must be integers, not 'str'"),
                List<object?> => JinjaRuntimeException.Type("list indices must be integers or slices, not str"),
                Dictionary<string, object?> => new JinjaRuntimeException("KeyError", "'__vars'", position),
                _ => JinjaRuntimeException.Type($"'{JinjaValues.TypeName(subject)}' object is not subscriptable"),
            };
        }

        if (Registry.TryGet(name, out var function))
        {
            arguments.Insert(0, value);
            return Invoke(function, name, arguments, named, position);
        }

        if (JinjaFilters.TryApply(this, name, value, arguments, named, position, out var result))
        {
            return result;
        }

        throw new JinjaRuntimeException("TemplateAssertionError", $"No filter named '{name}'.", position, ExpressionErrorKind.UnknownFunction);
    }

    // st2's decrypt_kv: the value is still a key-value lookup, so it is read again, decrypted.
    // A plain string cannot be decrypted here: the engine holds no crypto key.
    private static object? DecryptKeyValue(object? value, int position)
    {
        if (value is not JinjaKeyValueLookup lookup)
        {
            throw new JinjaRuntimeException(
                "ValueError",
                "decrypt_kv can only decrypt st2kv.system.* / st2kv.user.* lookups (use st2kv(key, decrypt=true) otherwise)",
                position);
        }

        var result = lookup.Resolve(decrypt: true);
        if (result is "" or null)
        {
            throw new JinjaRuntimeException(
                "ValueError",
                $"Referenced datastore item \"{lookup.Scope}.{lookup.Key}\" doesn't exist or it contains an empty string",
                position);
        }

        return result;
    }

    private object? Invoke(ExpressionFunction function, string name, List<object?> arguments, Dictionary<string, object?> named, int position)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            arguments[i] = JinjaValues.ToPlain(arguments[i]);
        }

        Dictionary<string, object?> plainNamed = named;
        if (named.Count > 0)
        {
            plainNamed = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, value) in named)
            {
                plainNamed[key] = JinjaValues.ToPlain(value);
            }
        }

        try
        {
            EnterRecursive(CurrentNode);
            try
            {
                return function(new FunctionCall(name, arguments, plainNamed, Scope, Limits));
            }
            finally
            {
                ExitRecursive(CurrentNode);
            }
        }
        catch (ExpressionException ex)
        {
            throw new JinjaRuntimeException(ExceptionName(ex), StripPrefix(ex.Message), position, ex.Kind);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or OverflowException or InvalidCastException or KeyNotFoundException or IndexOutOfRangeException or System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            var kind = ex is System.Text.RegularExpressions.RegexMatchTimeoutException ? ExpressionErrorKind.Limit : ExpressionErrorKind.Evaluation;
            throw new JinjaRuntimeException(ex is ArgumentException ? "ValueError" : "TypeError", ex.Message, position, kind);
        }
    }

    // Registered functions word their messages "TypeError: …"; keep the Python class apart.
    private static string ExceptionName(ExpressionException ex)
    {
        var colon = ex.Message.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0 && ex.Message[..colon].All(char.IsAsciiLetterOrDigit))
        {
            return ex.Message[..colon];
        }

        return ex.Kind == ExpressionErrorKind.Undefined ? "UndefinedError" : "ExpressionEvaluationException";
    }

    private static string StripPrefix(string message)
    {
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && message[..colon].All(char.IsAsciiLetterOrDigit) ? message[(colon + 2)..] : message;
    }
}
