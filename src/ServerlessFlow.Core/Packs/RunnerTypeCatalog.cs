using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>The runner types actions may name, looked up by name or alias.</summary>
public sealed class RunnerTypeCatalog
{
    private readonly Dictionary<string, RunnerTypeSpec> _byName;

    /// <summary>Creates a catalogue from runner specs.</summary>
    public RunnerTypeCatalog(IEnumerable<RunnerTypeSpec> runners)
    {
        ArgumentNullException.ThrowIfNull(runners);
        Runners = runners.ToList();
        _byName = new Dictionary<string, RunnerTypeSpec>(StringComparer.Ordinal);
        foreach (var runner in Runners)
        {
            _byName[runner.Name] = runner;
            foreach (var alias in runner.Aliases)
            {
                _byName[alias] = runner;
            }
        }
    }

    /// <summary>StackStorm's runners, supported or not.</summary>
    public static RunnerTypeCatalog Default { get; } = new(Parse(RunnerTypeDefinitions.Yaml));

    /// <summary>Every runner, in declaration order.</summary>
    public IReadOnlyList<RunnerTypeSpec> Runners { get; }

    /// <summary>Finds a runner by name or alias.</summary>
    public RunnerTypeSpec? Find(string name) => _byName.TryGetValue(name, out var runner) ? runner : null;

    /// <summary>Reads runner definitions written as a YAML list in StackStorm's runner.yaml shape.</summary>
    /// <exception cref="FormatException">The definitions are malformed (they are our own data, so this is a bug).</exception>
    public static IReadOnlyList<RunnerTypeSpec> Parse(string yaml)
    {
        var read = YamlValueReader.Read(yaml);
        if (read.HasErrors || read.Value is not List<object?> items)
        {
            var problem = read.Problems.FirstOrDefault();
            throw new FormatException("runner definitions are not a YAML list: " + (problem is null ? "wrong shape" : $"{problem.Position}: {problem.Message}"));
        }

        var result = new List<RunnerTypeSpec>();
        foreach (var item in items)
        {
            if (item is not Dictionary<string, object?> runner || runner.GetValueOrDefault("name") is not string name)
            {
                throw new FormatException("every runner definition needs a name");
            }

            var parameters = new Dictionary<string, ActionParameterSpec>(StringComparer.Ordinal);
            if (runner.GetValueOrDefault("runner_parameters") is Dictionary<string, object?> declared)
            {
                foreach (var (key, value) in declared)
                {
                    if (value is not Dictionary<string, object?> schema)
                    {
                        throw new FormatException($"runner '{name}' parameter '{key}' is not a mapping");
                    }

                    parameters[key] = ActionParameterSpec.FromSchema(key, schema, SourcePosition.Start);
                }
            }

            result.Add(new RunnerTypeSpec
            {
                Name = name,
                Aliases = (runner.GetValueOrDefault("aliases") as List<object?> ?? []).OfType<string>().ToList(),
                Description = runner.GetValueOrDefault("description") as string,
                Supported = runner.GetValueOrDefault("supported") is true,
                UnsupportedReason = runner.GetValueOrDefault("unsupported_reason") as string,
                EntryPoint = runner.GetValueOrDefault("entry_point") switch
                {
                    "file" => EntryPointUse.File,
                    "none" or null => EntryPointUse.None,
                    var other => throw new FormatException($"runner '{name}' has an unknown entry_point use '{other}'"),
                },
                NativeActions = (runner.GetValueOrDefault("native_actions") as List<object?> ?? []).OfType<string>().ToList(),
                RunnerParameters = parameters,
                OutputKey = runner.GetValueOrDefault("output_key") as string,
            });
        }

        return result;
    }
}
