using ServerlessFlow.Core.Expressions.Yaql;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.ActionChains;

/// <summary>
/// An ActionChain definition (the entry point of a <c>runner_type: action-chain</c> action), read and checked as
/// StackStorm's runner reads it before it runs anything (st2common <c>models/system/actionchain.py</c> and the runner's
/// <c>ChainHolder</c>): the chain schema, <c>params</c> or <c>parameters</c> but not both, the default node (the first
/// node nothing points at, else the first node), and every static <c>on-success</c> / <c>on-failure</c> / <c>default</c>
/// name found in the chain.
/// </summary>
/// <param name="Chain">The nodes, in file order.</param>
/// <param name="Default">The node the chain starts with (given, or found as StackStorm finds it).</param>
/// <param name="Vars">The chain's <c>vars</c> (templates over the action's parameters and <c>st2kv</c>); empty when none.</param>
public sealed record ActionChainSpec(IReadOnlyList<ActionChainNodeSpec> Chain, string Default, IReadOnlyDictionary<string, object?> Vars)
{
    private static readonly string[] RootProperties = ["chain", "default", "vars"];
    private static readonly string[] NodeProperties = ["name", "ref", "params", "parameters", "on-success", "on-failure", "publish", "notify"];
    private static readonly string[] NotifyProperties = ["on-complete", "on-failure", "on-success"];

    /// <summary>The node named <paramref name="name"/>, or null (also for a null or empty name).</summary>
    public ActionChainNodeSpec? FindNode(string? name) =>
        string.IsNullOrEmpty(name) ? null : Chain.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.Ordinal));

    /// <summary>Reads a chain from YAML text; throws <see cref="ActionChainSpecException"/> with StackStorm's message for the
    /// first problem. <paramref name="chainName"/> is the action's name (StackStorm names the chain by it in one message).</summary>
    public static ActionChainSpec Parse(string text, string chainName)
    {
        ArgumentNullException.ThrowIfNull(text);
        YamlReadResult read = YamlValueReader.Read(text);
        if (read.HasErrors)
        {
            throw new ActionChainSpecException(
                "Failed to parse action chain definition: " + string.Join("; ", read.Problems.Where(p => p.IsError).Select(p => p.Message)));
        }

        return FromValue(read.Value, chainName);
    }

    /// <summary>Builds the chain from its parsed YAML; throws <see cref="ActionChainSpecException"/> with StackStorm's message
    /// for the first problem.</summary>
    public static ActionChainSpec FromValue(object? value, string chainName)
    {
        var problems = new List<ActionChainProblem>();
        ActionChainSpec? spec = Read(value, chainName, problems);
        return problems.Count > 0 || spec is null
            ? throw new ActionChainSpecException(problems.Count > 0 ? problems[0].Message : "The action chain definition is empty.")
            : spec;
    }

    /// <summary>Every problem of a chain definition, in the order StackStorm would meet them (it stops at the first).</summary>
    public static IReadOnlyList<ActionChainProblem> Check(object? value, string chainName)
    {
        var problems = new List<ActionChainProblem>();
        Read(value, chainName, problems);
        return problems;
    }

    private static ActionChainSpec? Read(object? value, string chainName, List<ActionChainProblem> problems)
    {
        if (value is not Dictionary<string, object?> root)
        {
            problems.Add(new ActionChainProblem(string.Empty, $"The action chain definition must be a mapping, not {Describe(value)}."));
            return null;
        }

        // The chain schema (jsonschema, draft 3 "required"): the root's properties, and — because the schema gives "items" as a
        // one-element list, which JSON schema reads as a tuple — the first node only.
        Unexpected(root, RootProperties, string.Empty, problems);
        if (!root.TryGetValue("chain", out object? chainValue))
        {
            problems.Add(new ActionChainProblem(string.Empty, "'chain' is a required property"));
        }
        else if (chainValue is not List<object?>)
        {
            problems.Add(new ActionChainProblem("chain", $"{Repr(chainValue)} is not of type 'array'"));
        }

        object? defaultValue = root.GetValueOrDefault("default");
        if (root.ContainsKey("default") && defaultValue is not string)
        {
            problems.Add(new ActionChainProblem("default", $"{Repr(defaultValue)} is not of type 'string'"));
        }

        object? varsValue = root.GetValueOrDefault("vars");
        if (root.ContainsKey("vars") && varsValue is not Dictionary<string, object?>)
        {
            problems.Add(new ActionChainProblem("vars", $"{Repr(varsValue)} is not of type 'object'"));
        }

        var nodes = new List<ActionChainNodeSpec>();
        if (chainValue is List<object?> items)
        {
            for (int i = 0; i < items.Count; i++)
            {
                if (ReadNode(items[i], SourceMap.Item("chain", i), strict: i == 0, problems) is { } node)
                {
                    nodes.Add(node);
                }
            }
        }

        if (problems.Count > 0)
        {
            return null;
        }

        string? given = defaultValue as string;
        string? start = string.IsNullOrEmpty(given) ? FindDefault(nodes) : given;
        if (string.IsNullOrEmpty(start))
        {
            problems.Add(new ActionChainProblem("chain", $"Failed to find default node in {chainName}."));
            return null;
        }

        // ChainHolder.validate: static names only (a name holding Jinja is left for run time, where StackStorm looks it up
        // as written).
        var names = nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < nodes.Count; i++)
        {
            ActionChainNodeSpec node = nodes[i];
            foreach ((string field, string? target) in new[] { ("on-success", node.OnSuccess), ("on-failure", node.OnFailure) })
            {
                if (!IsValidName(names, target))
                {
                    problems.Add(new ActionChainProblem(
                        SourceMap.Child(SourceMap.Item("chain", i), field),
                        $"Unable to find node with name \"{target}\" referenced in \"{field}\" in task \"{node.Name}\"."));
                }
            }
        }

        if (!string.IsNullOrEmpty(given) && !IsValidName(names, given))
        {
            problems.Add(new ActionChainProblem("default", $"Unable to find node with name \"{given}\" referenced in \"default\"."));
        }

        if (problems.Count > 0)
        {
            return null;
        }

        var vars = varsValue as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal);
        return new ActionChainSpec(nodes, start, vars);
    }

    private static ActionChainNodeSpec? ReadNode(object? value, string path, bool strict, List<ActionChainProblem> problems)
    {
        if (value is not Dictionary<string, object?> node)
        {
            problems.Add(new ActionChainProblem(path, $"{Repr(value)} is not of type 'object'"));
            return null;
        }

        int before = problems.Count;
        if (strict)
        {
            // StackStorm checks the first node against the node schema (no other properties); later nodes keep only the
            // properties it knows and ignore the rest (st2's own examples carry a "description" there).
            Unexpected(node, NodeProperties, path, problems);
        }

        // Beyond StackStorm for nodes after the first: a node without a name or ref, or with a value of the wrong type, would
        // fail later with a less clear error, so every node is held to the node schema's types.
        string? name = Text(node, "name", path, required: true, problems);
        string? reference = Text(node, "ref", path, required: true, problems);
        var parameters = Mapping(node, "parameters", path, problems);
        var legacy = Mapping(node, "params", path, problems);
        string? onSuccess = Text(node, "on-success", path, required: false, problems);
        string? onFailure = Text(node, "on-failure", path, required: false, problems);
        var publish = Mapping(node, "publish", path, problems);
        var notify = Mapping(node, "notify", path, problems);
        if (notify is not null)
        {
            Unexpected(notify, NotifyProperties, SourceMap.Child(path, "notify"), problems);
        }

        if (problems.Count > before)
        {
            return null;
        }

        if (parameters is { Count: > 0 } && legacy is { Count: > 0 })
        {
            problems.Add(new ActionChainProblem(path, "Either \"params\" or \"parameters\" attribute needs to be provided, but not both"));
            return null;
        }

        return new ActionChainNodeSpec(
            name!,
            reference!,
            parameters is { Count: > 0 } ? parameters : legacy is { Count: > 0 } ? legacy : null,
            string.IsNullOrEmpty(onSuccess) ? null : onSuccess,
            string.IsNullOrEmpty(onFailure) ? null : onFailure,
            publish is { Count: > 0 } ? publish : null,
            notify);
    }

    /// <summary>StackStorm's default: the first node (in file order) that no on-success / on-failure names, else the first node.</summary>
    private static string? FindDefault(List<ActionChainNodeSpec> nodes)
    {
        if (nodes.Count == 0)
        {
            return null;
        }

        var referenced = nodes.SelectMany(n => new[] { n.OnSuccess, n.OnFailure }).Where(n => n is not null).ToHashSet(StringComparer.Ordinal);
        return nodes.FirstOrDefault(n => !referenced.Contains(n.Name))?.Name ?? nodes[0].Name;
    }

    private static bool IsValidName(HashSet<string> names, string? name) =>
        string.IsNullOrEmpty(name) || name.Contains("{{", StringComparison.Ordinal) || name.Contains("{%", StringComparison.Ordinal) || names.Contains(name);

    private static string? Text(Dictionary<string, object?> node, string key, string path, bool required, List<ActionChainProblem> problems)
    {
        if (!node.TryGetValue(key, out object? value))
        {
            if (required)
            {
                problems.Add(new ActionChainProblem(path, $"'{key}' is a required property"));
            }

            return null;
        }

        if (value is string text)
        {
            return text;
        }

        problems.Add(new ActionChainProblem(SourceMap.Child(path, key), $"{Repr(value)} is not of type 'string'"));
        return null;
    }

    private static Dictionary<string, object?>? Mapping(Dictionary<string, object?> node, string key, string path, List<ActionChainProblem> problems)
    {
        if (!node.TryGetValue(key, out object? value))
        {
            return null;
        }

        if (value is Dictionary<string, object?> mapping)
        {
            return mapping;
        }

        problems.Add(new ActionChainProblem(SourceMap.Child(path, key), $"{Repr(value)} is not of type 'object'"));
        return null;
    }

    /// <summary>jsonschema's additionalProperties message.</summary>
    private static void Unexpected(Dictionary<string, object?> mapping, string[] known, string path, List<ActionChainProblem> problems)
    {
        var extras = mapping.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)).ToList();
        if (extras.Count > 0)
        {
            string listed = string.Join(", ", extras.Select(e => PythonSemantics.Repr(e)));
            problems.Add(new ActionChainProblem(
                extras.Count == 1 ? SourceMap.Child(path, extras[0]) : path,
                $"Additional properties are not allowed ({listed} {(extras.Count == 1 ? "was" : "were")} unexpected)"));
        }
    }

    private static string Repr(object? value) => PythonSemantics.Repr(value);

    private static string Describe(object? value) => value switch
    {
        null => "empty",
        List<object?> => "a list",
        string => "a string",
        _ => "a " + PlainValues.JsonTypeName(value),
    };
}
