using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>Reads one sensor metadata file into a <see cref="SensorSpec"/> and the trigger types it declares.</summary>
internal static class SensorReader
{
    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "name", "class_name", "entry_point", "description", "enabled", "poll_interval", "trigger_types",
        "artifact_uri", "pack", "metadata_file", "ref", "uid", "id",
    };

    public static SensorSpec? Read(MetadataDocument doc, string packRef)
    {
        var root = doc.RootMapping("a sensor's metadata");
        if (root is null)
        {
            return null;
        }

        doc.UnknownFields(root, string.Empty, Fields, "the sensor", DiagnosticSeverity.Error);
        var className = doc.String(root, string.Empty, "class_name", required: true, "the sensor");
        var what = className is null ? "the sensor" : $"sensor '{packRef}.{className}'";
        var entryPoint = doc.String(root, string.Empty, "entry_point", required: true, what);
        var description = doc.String(root, string.Empty, "description", required: false, what);
        var enabled = doc.Bool(root, string.Empty, "enabled", what) ?? true;
        var pollInterval = doc.Integer(root, string.Empty, "poll_interval", what);
        if (pollInterval is <= 0)
        {
            doc.Error(PackDiagnosticCodes.InvalidValue, "poll_interval", $"{what}: poll_interval must be a positive number of seconds, not {pollInterval}");
        }

        var pack = doc.String(root, string.Empty, "pack", required: false, what);
        if (pack is not null && !string.Equals(pack, packRef, StringComparison.Ordinal))
        {
            doc.Error(PackDiagnosticCodes.PackMismatch, "pack", $"{what} says it belongs to pack '{pack}', but it is in pack '{packRef}'");
        }

        var triggerTypes = new List<TriggerTypeSpec>();
        if (doc.Sequence(root, string.Empty, "trigger_types", what) is { } list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var itemPath = SourceMap.Item("trigger_types", i);
                if (list[i] is Dictionary<string, object?> map)
                {
                    if (TriggerTypeReader.Read(doc, map, itemPath, packRef) is { } triggerType)
                    {
                        triggerTypes.Add(triggerType);
                    }
                }
                else
                {
                    doc.Error(PackDiagnosticCodes.WrongType, itemPath, $"{what}: trigger type {i} must be a mapping, not {MetadataDocument.Describe(list[i])}");
                }
            }
        }

        if (className is null)
        {
            return null;
        }

        return new SensorSpec
        {
            Ref = packRef + "." + className,
            ClassName = className,
            Pack = packRef,
            EntryPoint = entryPoint ?? string.Empty,
            Description = description,
            Enabled = enabled,
            PollInterval = pollInterval,
            TriggerTypes = triggerTypes,
            MetadataFile = doc.RelativePath,
        };
    }
}
