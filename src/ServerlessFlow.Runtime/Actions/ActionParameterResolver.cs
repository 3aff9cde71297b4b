using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Schemas;

namespace ServerlessFlow.Runtime.Actions;

/// <summary>Validates and completes the parameters of one action run as StackStorm does: unknown and immutable parameters are
/// refused, defaults fill the gaps, <c>{{ other }}</c> references between parameters are rendered, then types, enums and
/// required parameters are checked. Secret values are masked in what gets stored.</summary>
public static class ActionParameterResolver
{
    /// <summary>The mask StackStorm shows instead of a secret value.</summary>
    public const string Mask = "********";

    /// <summary>Resolves <paramref name="given"/> for <paramref name="action"/> run by <paramref name="runner"/>, rendering templates
    /// with <paramref name="templates"/>; throws
    /// <see cref="ActionParameterException"/> listing every problem.</summary>
    public static ResolvedParameters Resolve(ActionSpec action, RunnerTypeSpec? runner, Dictionary<string, object?> given, ParameterTemplate templates)
    {
        var specs = action.EffectiveParameters;
        var errors = new List<string>();
        foreach (var (name, value) in given)
        {
            if (!specs.TryGetValue(name, out var spec))
            {
                errors.Add($"'{name}' is not a parameter of {action.Ref}");
            }
            else if (spec.Immutable && !(spec.HasDefault && PlainValues.DeepEquals(spec.Default, value)))
            {
                errors.Add($"'{name}' is declared immutable and cannot be overridden");
            }
        }

        ThrowIfAny(action, errors);

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, spec) in specs)
        {
            if (given.TryGetValue(name, out var value))
            {
                values[name] = PlainValues.Normalize(value);
            }
            else if (spec.HasDefault)
            {
                values[name] = PlainValues.DeepClone(PlainValues.Normalize(spec.Default));
            }
        }

        // Commands for a shell, local or over SSH: template values become quoted environment variables, never shell text.
        var isShellCommand = (runner?.Name ?? action.RunnerType) is "local-shell-cmd" or "remote-shell-cmd";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var rendered = new Dictionary<string, object?>(StringComparer.Ordinal);
        var rendering = new HashSet<string>(StringComparer.Ordinal);
        var names = specs.Keys.ToHashSet(StringComparer.Ordinal);

        object? Lookup(string name)
        {
            if (rendered.TryGetValue(name, out var done))
            {
                return done;
            }

            if (!values.TryGetValue(name, out var raw))
            {
                if (!specs.ContainsKey(name))
                {
                    throw new ActionParameterException($"Action {action.Ref}: a template refers to '{name}', which is not a parameter.");
                }

                return null;
            }

            if (raw is not string text || !ParameterTemplate.HasExpression(text))
            {
                rendered[name] = raw;
                return raw;
            }

            if (!rendering.Add(name))
            {
                throw new ActionParameterException($"Action {action.Ref}: parameter '{name}' refers to itself through other parameters.");
            }

            object? result;
            if (isShellCommand && name == "cmd")
            {
                var (command, env) = templates.RenderShellCommand(text, name, names, Lookup);
                foreach (var (key, v) in env)
                {
                    environment[key] = v;
                }

                result = command;
            }
            else
            {
                result = templates.Render(text, name, names, Lookup);
            }

            rendering.Remove(name);
            rendered[name] = result;
            return result;
        }

        try
        {
            foreach (var name in values.Keys.ToList())
            {
                // Values given by the caller are data, never templates: only the pack's own text (defaults, and a rule's shell
                // command) is rendered. st2 renders given values too (its live params); see the README's Security section.
                if (given.ContainsKey(name) && !(isShellCommand && name == "cmd" && templates.GivenCommandIsTemplate))
                {
                    rendered[name] = values[name];
                }
            }

            foreach (var name in values.Keys.ToList())
            {
                values[name] = Lookup(name);
            }
        }
        catch (ActionParameterException ex)
        {
            throw new ActionParameterException($"Action {action.Ref}: {ex.Message}", ex);
        }

        foreach (var (name, spec) in specs)
        {
            var present = values.TryGetValue(name, out var value);
            if (spec.Required && (!present || value is null))
            {
                errors.Add($"'{name}' is a required property");
                continue;
            }

            if (present && value is not null)
            {
                errors.AddRange(SchemaValidator.Validate(value, new Dictionary<string, object?>(spec.Schema, StringComparer.Ordinal), name));
            }
        }

        ThrowIfAny(action, errors);

        var runnerNames = runner?.RunnerParameters.Keys.ToHashSet(StringComparer.Ordinal) ?? [];
        var runnerParameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        var actionParameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            (runnerNames.Contains(name) ? runnerParameters : actionParameters)[name] = value;
        }

        return new ResolvedParameters(runnerParameters, actionParameters, environment, MaskSecrets(action, given));
    }

    /// <summary>The given parameters with secret ones masked (for records and logs when resolution failed).</summary>
    /// <remarks>As st2's <c>mask_secret_parameters</c>: a parameter declared <c>secret</c> is masked whole, and inside
    /// <c>object</c> and <c>array</c> parameters so are the <c>properties</c> (and <c>items</c>) declared <c>secret</c>.</remarks>
    public static Dictionary<string, object?> MaskSecrets(ActionSpec action, Dictionary<string, object?> given)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(given);
        var masked = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in given)
        {
            masked[name] = action.EffectiveParameters.TryGetValue(name, out var spec)
                ? spec.Secret ? Mask : MaskNested(PlainValues.Normalize(value), spec.Schema)
                : PlainValues.Normalize(value);
        }

        return masked;
    }

    private static object? MaskNested(object? value, IReadOnlyDictionary<string, object?> schema)
    {
        if (schema.GetValueOrDefault("secret") is true)
        {
            return Mask;
        }

        switch (value)
        {
            case Dictionary<string, object?> dict when schema.GetValueOrDefault("properties") is Dictionary<string, object?> properties:
                var maskedDict = new Dictionary<string, object?>(dict, StringComparer.Ordinal);
                foreach (var (key, property) in properties)
                {
                    if (property is Dictionary<string, object?> propertySchema && dict.TryGetValue(key, out var inner))
                    {
                        maskedDict[key] = MaskNested(inner, propertySchema);
                    }
                }

                return maskedDict;
            case List<object?> list when schema.GetValueOrDefault("items") is Dictionary<string, object?> items:
                return list.Select(item => MaskNested(item, items)).ToList();
            default:
                return value;
        }
    }

    /// <summary>Casts command-line text values by each parameter's declared type.</summary>
    public static Dictionary<string, object?> CastFromText(ActionSpec action, IEnumerable<KeyValuePair<string, string>> pairs)
    {
        ArgumentNullException.ThrowIfNull(action);
        return CastFromText(name => action.EffectiveParameters.TryGetValue(name, out var spec) ? spec.Type : null, pairs);
    }

    /// <summary>Casts command-line text values by the type <paramref name="typeOf"/> gives for each parameter name (null: kept as
    /// text); used with a server's parameter schema too, so <c>sflow run</c> casts the same way locally and remotely.</summary>
    public static Dictionary<string, object?> CastFromText(Func<string, string?> typeOf, IEnumerable<KeyValuePair<string, string>> pairs)
    {
        ArgumentNullException.ThrowIfNull(typeOf);
        ArgumentNullException.ThrowIfNull(pairs);
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, text) in pairs)
        {
            result[name] = ParameterCaster.Cast(name, typeOf(name), text);
        }

        return result;
    }

    private static void ThrowIfAny(ActionSpec action, List<string> errors)
    {
        if (errors.Count > 0)
        {
            throw new ActionParameterException($"Parameters for {action.Ref} are invalid: {string.Join("; ", errors)}.");
        }
    }
}
