namespace ServerlessFlow.Runtime.Python;

/// <summary>What one <c>poll()</c> did.</summary>
/// <param name="Sensor">The sensor ref.</param>
/// <param name="Succeeded">False when the sensor could not start, was refused, or its poll() raised.</param>
/// <param name="Dispatched">Trigger instances it dispatched.</param>
/// <param name="Error">Why it failed, or a dispatch that was refused.</param>
public sealed record SensorPollOutcome(string Sensor, bool Succeeded, int Dispatched, string? Error);
