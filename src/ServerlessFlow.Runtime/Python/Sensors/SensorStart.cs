using ServerlessFlow.Core.Packs;

namespace ServerlessFlow.Runtime.Python.Sensors;

/// <summary>The <c>sensor_start</c> request for a sensor (the same in <c>sflow serve</c>'s run mode and Azure's poll mode).</summary>
public static class SensorStart
{
    /// <summary>The sensor's Python file: <c>&lt;pack&gt;/sensors/&lt;entry_point&gt;</c>.</summary>
    public static string FilePath(SensorSpec sensor, PackSpec pack)
    {
        ArgumentNullException.ThrowIfNull(sensor);
        ArgumentNullException.ThrowIfNull(pack);
        return Path.GetFullPath(Path.Combine(pack.Location, "sensors", sensor.EntryPoint));
    }

    /// <summary>The request fields; <paramref name="mode"/> is <c>run</c> (the worker runs the sensor) or <c>poll</c> (the host
    /// calls <c>poll()</c>).</summary>
    public static Dictionary<string, object?> Message(SensorSpec sensor, PackSpec pack, Dictionary<string, object?> config, string mode) => new(StringComparer.Ordinal)
    {
        ["sensor"] = sensor.Ref,
        ["pack"] = pack.Ref,
        ["class_name"] = sensor.ClassName,
        ["file"] = FilePath(sensor, pack),
        ["poll_interval"] = sensor.PollInterval,
        ["trigger_types"] = sensor.TriggerTypes.Select(t => (object?)t.Ref).ToList(),
        ["config"] = config,
        ["mode"] = mode,
    };
}
