using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>Reads trigger type definitions from <c>triggers/*.yaml</c> and from a sensor's <c>trigger_types</c>.</summary>
internal static class TriggerTypeReader
{
    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "name", "pack", "description", "payload_schema", "parameters_schema", "tags", "metadata_file", "ref", "uid", "id",
    };

    public static TriggerTypeSpec? Read(MetadataDocument doc, Dictionary<string, object?> map, string path, string packRef)
    {
        doc.UnknownFields(map, path, Fields, "the trigger type", DiagnosticSeverity.Error);
        var name = doc.String(map, path, "name", required: true, "the trigger type");
        var what = name is null ? "the trigger type" : $"trigger type '{packRef}.{name}'";
        var pack = doc.String(map, path, "pack", required: false, what);
        if (pack is not null && !string.Equals(pack, packRef, StringComparison.Ordinal))
        {
            doc.Error(PackDiagnosticCodes.PackMismatch, SourceMap.Child(path, "pack"), $"{what} says it belongs to pack '{pack}', but it is in pack '{packRef}'");
        }

        var description = doc.String(map, path, "description", required: false, what);
        var payload = doc.Mapping(map, path, "payload_schema", required: false, what);
        var parameters = doc.Mapping(map, path, "parameters_schema", required: false, what);
        var tags = doc.Tags(map, path, what);
        if (name is null)
        {
            return null;
        }

        return new TriggerTypeSpec
        {
            Ref = packRef + "." + name,
            Name = name,
            Pack = packRef,
            Description = description,
            PayloadSchema = payload,
            ParametersSchema = parameters,
            Tags = tags,
            MetadataFile = doc.RelativePath,
        };
    }
}
