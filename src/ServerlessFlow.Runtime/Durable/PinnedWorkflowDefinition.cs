using System.Security.Cryptography;
using System.Text;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// The definition a workflow execution runs, fixed when it starts and carried in its orchestration input, so every replay —
/// after a pack upgrade, on another instance, after a restart — runs the definition the execution started with, never the
/// one installed since (AWS Step Functions and Temporal pin runs to their version the same way; StackStorm does not).
/// </summary>
/// <param name="Hash">The definition's content hash (<c>sha256:…</c> of its text): its version.</param>
/// <param name="Text">The workflow file's text; empty when it travels as <paramref name="Payload"/>.</param>
/// <param name="Payload">A definition too large for orchestration history: its name in the payload store.</param>
/// <param name="ReadsKeyValues">Whether that definition reads the key-value store (decided once, so replays decide the same).</param>
/// <param name="PackVersion">The version of the pack it came from.</param>
/// <param name="PackContentHash">The content hash of the pack it came from.</param>
public sealed record PinnedWorkflowDefinition(
    string Hash,
    string Text,
    string? Payload,
    bool ReadsKeyValues,
    string? PackVersion,
    string? PackContentHash)
{
    /// <summary>The content hash of a definition's text.</summary>
    public static string HashOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The payload-store name of a definition offloaded from history (content-addressed, so writing it twice is harmless).</summary>
    public string PayloadName => "definitions/" + Hash.Replace("sha256:", string.Empty, StringComparison.Ordinal) + ".yaml";
}
