using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>Reads one action alias file into an <see cref="ActionAliasSpec"/> (st2's <c>ActionAliasAPI</c> fields).</summary>
internal static class ActionAliasReader
{
    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "name", "pack", "description", "enabled", "action_ref", "formats", "ack", "result", "extra", "immutable_parameters",
        "metadata_file", "ref", "uid", "id",
    };

    public static ActionAliasSpec? Read(MetadataDocument doc, string packRef)
    {
        var root = doc.RootMapping("an action alias");
        if (root is null)
        {
            return null;
        }

        doc.UnknownFields(root, string.Empty, Fields, "the action alias", DiagnosticSeverity.Error);
        var name = doc.String(root, string.Empty, "name", required: true, "the action alias");
        var what = name is null ? "the action alias" : $"action alias '{packRef}.{name}'";
        var pack = doc.String(root, string.Empty, "pack", required: false, what);
        if (pack is not null && !string.Equals(pack, packRef, StringComparison.Ordinal))
        {
            doc.Error(PackDiagnosticCodes.PackMismatch, "pack", $"{what} says it belongs to pack '{pack}', but it is in pack '{packRef}'");
        }

        var actionRef = doc.String(root, string.Empty, "action_ref", required: true, what);
        var formats = doc.Sequence(root, string.Empty, "formats", what) ?? [];
        for (var i = 0; i < formats.Count; i++)
        {
            // st2's schema: each format is a string, or {display, representation: [strings]}.
            if (formats[i] is not (string or Dictionary<string, object?>))
            {
                doc.Error(PackDiagnosticCodes.WrongType, SourceMap.Item("formats", i), $"{what}: format {i} must be a string or a mapping with display and representation, not {MetadataDocument.Describe(formats[i])}");
            }
        }

        var alias = name is null || actionRef is null
            ? null
            : new ActionAliasSpec
            {
                Ref = packRef + "." + name,
                Name = name,
                Pack = packRef,
                Description = doc.String(root, string.Empty, "description", required: false, what),
                Enabled = doc.Bool(root, string.Empty, "enabled", what) ?? true,
                ActionRef = actionRef,
                Formats = formats,
                Ack = doc.Mapping(root, string.Empty, "ack", required: false, what),
                Result = doc.Mapping(root, string.Empty, "result", required: false, what),
                Extra = doc.Mapping(root, string.Empty, "extra", required: false, what),
                ImmutableParameters = doc.Mapping(root, string.Empty, "immutable_parameters", required: false, what),
                MetadataFile = doc.RelativePath,
            };
        return alias;
    }
}
