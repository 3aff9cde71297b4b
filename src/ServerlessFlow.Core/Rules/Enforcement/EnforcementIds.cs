using System.Security.Cryptography;
using System.Text;

namespace ServerlessFlow.Core.Rules.Enforcement;

/// <summary>Deterministic enforcement ids: a version-5 (SHA-1, name-based) UUID of the trigger instance id and rule ref.</summary>
public static class EnforcementIds
{
    /// <summary>The fixed namespace of enforcement ids.</summary>
    public static readonly Guid Namespace = new("5f0c6d2e-6a43-4c55-9a1e-3d1f0b7c2a91");

    /// <summary>The enforcement id of (trigger instance, rule).</summary>
    public static string For(string triggerInstanceId, string ruleRef)
    {
        ArgumentNullException.ThrowIfNull(triggerInstanceId);
        ArgumentNullException.ThrowIfNull(ruleRef);
        return NameBased(Namespace, triggerInstanceId + "\n" + ruleRef).ToString();
    }

    /// <summary>RFC 4122 version-5 UUID of <paramref name="name"/> in <paramref name="ns"/>.</summary>
    public static Guid NameBased(Guid ns, string name)
    {
        var nsBytes = ns.ToByteArray(bigEndian: true);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[nsBytes.Length + nameBytes.Length];
        nsBytes.CopyTo(input, 0);
        nameBytes.CopyTo(input, nsBytes.Length);
#pragma warning disable CA5350 // SHA-1 is what RFC 4122 version 5 specifies; it names ids, it protects nothing.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
