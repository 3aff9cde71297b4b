using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>Reads one action metadata file into an <see cref="ActionSpec"/>, reporting what is wrong.</summary>
internal static class ActionReader
{
    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "name", "description", "enabled", "runner_type", "entry_point", "pack", "parameters",
        "output_schema", "tags", "notify", "metadata_file", "ref", "uid", "id",
    };

    private static readonly HashSet<string> NotifyFields = new(StringComparer.Ordinal) { "on-complete", "on-failure", "on-success" };

    public static ActionSpec? Read(MetadataDocument doc, string packRef, IPackSource source, RunnerTypeCatalog runners)
    {
        var root = doc.RootMapping("an action's metadata");
        if (root is null)
        {
            return null;
        }

        doc.UnknownFields(root, string.Empty, Fields, "the action", DiagnosticSeverity.Error);
        var name = doc.String(root, string.Empty, "name", required: true, "the action");
        var runnerType = doc.String(root, string.Empty, "runner_type", required: true, "the action");
        var what = name is null ? "the action" : $"action '{packRef}.{name}'";
        var description = doc.String(root, string.Empty, "description", required: false, what);
        var enabled = doc.Bool(root, string.Empty, "enabled", what) ?? true;
        var entryPoint = doc.String(root, string.Empty, "entry_point", required: false, what) ?? string.Empty;
        var pack = doc.String(root, string.Empty, "pack", required: false, what);
        if (pack is not null && !string.Equals(pack, packRef, StringComparison.Ordinal))
        {
            doc.Error(PackDiagnosticCodes.PackMismatch, "pack", $"{what} says it belongs to pack '{pack}', but it is in pack '{packRef}'");
        }

        var declared = doc.Mapping(root, string.Empty, "parameters", required: false, what) is { } parameters
            ? ParameterReader.Read(doc, parameters, "parameters", what)
            : new Dictionary<string, ActionParameterSpec>(StringComparer.Ordinal);
        var outputSchema = doc.Mapping(root, string.Empty, "output_schema", required: false, what);
        var notify = doc.Mapping(root, string.Empty, "notify", required: false, what);
        if (notify is not null)
        {
            doc.UnknownFields(notify, "notify", NotifyFields, $"{what}'s notify", DiagnosticSeverity.Error);
        }

        var tags = doc.Tags(root, string.Empty, what);

        RunnerTypeSpec? runner = null;
        if (runnerType is not null)
        {
            runner = runners.Find(runnerType);
            if (runner is null)
            {
                var known = string.Join(", ", runners.Runners.Select(r => r.Name));
                doc.Error(PackDiagnosticCodes.UnknownRunner, "runner_type", $"{what} names runner type '{runnerType}', which does not exist (known runners: {known})");
            }
            else if (runner.Name == "mistral-v2")
            {
                // Refused, not merely unsupported: StackStorm itself removed Mistral (3.3), so such an action can never run.
                var file = entryPoint.Length > 0 ? "actions/" + entryPoint : "its workflow file";
                doc.Error(
                    PackDiagnosticCodes.MistralWorkflow,
                    "runner_type",
                    $"{what} is a Mistral workflow; Mistral was removed from StackStorm 3.3 and ServerlessFlow does not run it. Convert it with 'sflow workflow convert {file}' (it says what it cannot convert) and set runner_type: orquesta");
            }
            else if (!runner.Runs(packRef + "." + name))
            {
                doc.Warning(PackDiagnosticCodes.UnsupportedRunner, "runner_type", $"{what} uses the '{runner.Name}' runner, which ServerlessFlow does not support ({runner.UnsupportedReason}); the action is loaded but cannot be run");
            }
            else if (runner.Supported && !runner.NativeActions.Contains(packRef + "." + name, StringComparer.Ordinal))
            {
                // Natively implemented actions (of any runner) need no entry point file.
                CheckEntryPoint(doc, runner, entryPoint, root.ContainsKey("entry_point"), what, source);
            }
        }

        var effective = new Dictionary<string, ActionParameterSpec>(StringComparer.Ordinal);
        if (runner is not null)
        {
            foreach (var (key, value) in runner.RunnerParameters)
            {
                effective[key] = value;
            }
        }

        foreach (var (key, value) in declared)
        {
            effective[key] = effective.TryGetValue(key, out var fromRunner) ? ActionParameterSpec.Overlay(fromRunner, value) : value;
        }

        foreach (var (key, parameter) in effective)
        {
            if (parameter.Immutable && !parameter.HasDefault)
            {
                var path = SourceMap.Child("parameters", key);
                doc.Report(DiagnosticSeverity.Error, PackDiagnosticCodes.ImmutableWithoutDefault, doc.Map.Contains(path) ? doc.KeyAt(path) : doc.At(string.Empty), $"{what}: parameter '{key}' is immutable but has no default, here or in the '{runnerType}' runner, so it could never have a value");
            }
        }

        if (name is null || runnerType is null)
        {
            return null;
        }

        return new ActionSpec
        {
            Ref = packRef + "." + name,
            Name = name,
            Pack = packRef,
            RunnerType = runner?.Name ?? runnerType,
            Description = description,
            Enabled = enabled,
            EntryPoint = entryPoint,
            Parameters = declared,
            EffectiveParameters = effective,
            OutputSchema = outputSchema,
            Notify = notify,
            Tags = tags,
            MetadataFile = doc.RelativePath,
            DefinedAt = doc.At(string.Empty),
            SourceMap = doc.Map,
        };
    }

    private static void CheckEntryPoint(MetadataDocument doc, RunnerTypeSpec runner, string entryPoint, bool present, string what, IPackSource source)
    {
        var at = present ? "entry_point" : string.Empty;
        switch (runner.EntryPoint)
        {
            case EntryPointUse.File:
                if (entryPoint.Length == 0)
                {
                    doc.Error(PackDiagnosticCodes.MissingField, at, $"{what} uses the '{runner.Name}' runner, which needs an 'entry_point' naming a file below actions/");
                    return;
                }

                if (!IsInsidePack(entryPoint))
                {
                    doc.Error(PackDiagnosticCodes.InvalidValue, at, $"{what}: entry_point '{entryPoint}' must be a relative path inside the pack's actions/ folder");
                    return;
                }

                if (!source.Exists("actions/" + entryPoint))
                {
                    doc.Error(PackDiagnosticCodes.EntryPointMissing, at, $"{what}: entry_point file 'actions/{entryPoint}' does not exist in the pack");
                }

                break;

            default:
                break;
        }
    }

    /// <summary>True for a relative path that cannot climb out of the folder it is resolved against.</summary>
    public static bool IsInsidePack(string path) =>
        path.Length > 0
        && !path.StartsWith('/')
        && !path.StartsWith('\\')
        && !path.Contains(':', StringComparison.Ordinal)
        && !path.Split('/', '\\').Any(segment => segment == "..");
}
