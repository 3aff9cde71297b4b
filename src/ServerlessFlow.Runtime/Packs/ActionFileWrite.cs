using ServerlessFlow.Core.Packs;

namespace ServerlessFlow.Runtime.Packs;

/// <summary>An action saved through the API (StackStorm's <c>POST</c>/<c>PUT /api/v1/actions</c>): its metadata, written as
/// <paramref name="MetadataFile"/> in <paramref name="Pack"/>'s folder, and the data files sent with it (st2's
/// <c>data_files</c>: an entry point script, say), each below the pack's <c>actions/</c> folder.</summary>
/// <param name="Pack">The loaded pack the action belongs to.</param>
/// <param name="Metadata">The action's metadata as the pack's YAML holds it (name, runner_type, parameters…).</param>
/// <param name="MetadataFile">The metadata file, relative to the pack folder (<c>actions/hello.yaml</c>).</param>
/// <param name="DataFiles">Files to write, each a path relative to the pack's <c>actions/</c> folder and its text.</param>
public sealed record ActionFileWrite(
    PackSpec Pack,
    Dictionary<string, object?> Metadata,
    string MetadataFile,
    IReadOnlyList<KeyValuePair<string, string>> DataFiles);
