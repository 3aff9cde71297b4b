using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Runtime.Timers;

/// <summary>A timer as rules declare it: trigger type and parameters. Rules with the same type and
/// parameters share one timer (as StackStorm shares one trigger), so each fire is emitted once.</summary>
/// <param name="Type">One of <see cref="TimerTriggerTypes"/>.</param>
/// <param name="Parameters">The rule's trigger parameters.</param>
public sealed record TimerTrigger(string Type, IReadOnlyDictionary<string, object?> Parameters)
{
    /// <summary>Type plus parameters as canonical JSON (keys sorted): the timer's identity.</summary>
    public string Key
    {
        get
        {
            var sorted = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var name in Parameters.Keys.Order(StringComparer.Ordinal))
            {
                sorted[name] = Parameters[name];
            }

            return Type + " " + JsonText.Serialize(sorted);
        }
    }

    /// <summary>The trigger-instance id of this timer's fire at <paramref name="scheduledTime"/>: the same
    /// on every sensor instance and every tick, so writing it is insert-if-absent. Shaped like every
    /// record id (24 hex digits, the first 8 the Unix seconds): here the scheduled time's seconds, then
    /// 16 hex digits of SHA-256 over the timer and the scheduled time.</summary>
    public string FireId(DateTimeOffset scheduledTime)
    {
        var utc = scheduledTime.ToUniversalTime();
        var seconds = (uint)Math.Clamp(utc.ToUnixTimeSeconds(), 0, uint.MaxValue);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Key + "@" + utc.ToString("O", CultureInfo.InvariantCulture)));
        return seconds.ToString("x8", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(hash, 0, 8);
    }

    /// <summary>A short stable name for trace tags (StackStorm uses the trigger's generated name).</summary>
    public string ShortName => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)), 0, 8);
}
