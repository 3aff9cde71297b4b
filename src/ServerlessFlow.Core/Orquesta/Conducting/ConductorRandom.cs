using System.Security.Cryptography;
using System.Text;
using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>
/// The workflow's replayable random source for YAQL's <c>random()</c>: SplitMix64 over a seed derived
/// from the execution (spec, input and parent context, which carries st2's execution id) and a draw
/// counter kept in the conductor's saved state. The same state gives the same numbers, so a Durable
/// replay or a reloaded conductor sees exactly what the first run saw. The numbers differ from
/// Python's <c>random</c>, which no workflow can rely on anyway.
/// </summary>
internal sealed class ConductorRandom : IDeterministicRandom
{
    private readonly ulong _seed;

    public ConductorRandom(object? spec, object? input, object? context)
    {
        var identity = JsonText.Serialize(new List<object?> { spec, input, context });
        _seed = BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(identity)), 0);
    }

    /// <summary>How many numbers were drawn so far (saved with the conductor state).</summary>
    public long Draws { get; set; }

    /// <inheritdoc />
    public double NextDouble()
    {
        var z = unchecked(_seed + ((ulong)++Draws * 0x9E3779B97F4A7C15UL));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
