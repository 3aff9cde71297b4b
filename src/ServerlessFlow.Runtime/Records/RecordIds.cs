using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ServerlessFlow.Runtime.Records;

/// <summary>Record ids in StackStorm's shape (24 hex characters, like a MongoDB ObjectId): random ones for new trigger instances
/// and manual runs, and deterministic ones derived from their cause so that a redelivered message yields the same id.</summary>
public static class RecordIds
{
    /// <summary>A new id: 8 hex digits of Unix seconds, then 16 random hex digits.</summary>
    public static string New(TimeProvider time)
    {
        var seconds = (uint)Math.Clamp(time.GetUtcNow().ToUnixTimeSeconds(), 0, uint.MaxValue);
        return seconds.ToString("x8", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    }

    /// <summary>A deterministic id from its parts (e.g. trigger instance id and rule ref): the first 24 hex digits of SHA-256.</summary>
    public static string Derive(params string[] parts)
    {
        var joined = string.Join('\u001f', parts);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)))[..24];
    }
}
