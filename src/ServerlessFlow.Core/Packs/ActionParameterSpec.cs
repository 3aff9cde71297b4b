using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>
/// One parameter of an action or runner: a JSON-schema (draft 4) fragment plus StackStorm's
/// extensions (<c>required</c> as a boolean, <c>immutable</c>, <c>secret</c>, <c>position</c>).
/// </summary>
public sealed record ActionParameterSpec
{
    /// <summary>The parameter's name.</summary>
    public required string Name { get; init; }

    /// <summary>The JSON-schema type (<c>string</c>, <c>integer</c>…), or null when not given.</summary>
    public string? Type { get; init; }

    /// <summary>What the parameter is for.</summary>
    public string? Description { get; init; }

    /// <summary>True when an execution must supply a value (unless there is a default).</summary>
    public bool Required { get; init; }

    /// <summary>True when a <c>default</c> key is present (its value may be null).</summary>
    public bool HasDefault { get; init; }

    /// <summary>The default value in the plain model (may be a Jinja template string).</summary>
    public object? Default { get; init; }

    /// <summary>True when callers may not override the default.</summary>
    public bool Immutable { get; init; }

    /// <summary>True when the value must be masked in logs and history.</summary>
    public bool Secret { get; init; }

    /// <summary>The positional index for script runners, if any.</summary>
    public int? Position { get; init; }

    /// <summary>The allowed values, if restricted.</summary>
    public IReadOnlyList<object?>? Enum { get; init; }

    /// <summary>Every attribute as written (after merging with the runner's), for full schema validation later.</summary>
    public required IReadOnlyDictionary<string, object?> Schema { get; init; }

    /// <summary>Where the parameter is defined (start of the file for runner parameters).</summary>
    public SourcePosition DefinedAt { get; init; } = SourcePosition.Start;

    /// <summary>Builds a parameter from its attribute mapping; attributes of the wrong type are ignored here (the loader reports them).</summary>
    public static ActionParameterSpec FromSchema(string name, IReadOnlyDictionary<string, object?> schema, SourcePosition definedAt)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new ActionParameterSpec
        {
            Name = name,
            Type = schema.TryGetValue("type", out var t) ? t as string : null,
            Description = schema.TryGetValue("description", out var d) ? d as string : null,
            Required = schema.TryGetValue("required", out var r) && r is true,
            HasDefault = schema.ContainsKey("default"),
            Default = schema.TryGetValue("default", out var v) ? v : null,
            Immutable = schema.TryGetValue("immutable", out var i) && i is true,
            Secret = schema.TryGetValue("secret", out var s) && s is true,
            Position = schema.TryGetValue("position", out var p) && p is long pos && pos is >= 0 and <= int.MaxValue ? (int)pos : null,
            Enum = schema.TryGetValue("enum", out var e) && e is List<object?> list ? list : null,
            Schema = schema,
            DefinedAt = definedAt,
        };
    }

    /// <summary>
    /// The parameter as an execution sees it: the runner's attributes with the action's attributes
    /// laid over them one by one (so <c>sudo: {immutable: true}</c> keeps the runner's default); <c>immutable</c> is or-ed, as in st2.
    /// </summary>
    public static ActionParameterSpec Overlay(ActionParameterSpec runnerParameter, ActionParameterSpec actionParameter)
    {
        ArgumentNullException.ThrowIfNull(runnerParameter);
        ArgumentNullException.ThrowIfNull(actionParameter);
        var merged = new Dictionary<string, object?>(runnerParameter.Schema, StringComparer.Ordinal);
        foreach (var (key, value) in actionParameter.Schema)
        {
            merged[key] = value;
        }

        // st2's _merge_param_meta_values: an action cannot make a runner's immutable parameter mutable.
        if (runnerParameter.Immutable)
        {
            merged["immutable"] = true;
        }

        return FromSchema(actionParameter.Name, merged, actionParameter.DefinedAt);
    }
}
