using CoreDataConverter = DurableTask.Core.Serializing.DataConverter;
using SdkDataConverter = Microsoft.DurableTask.DataConverter;

namespace ServerlessFlow.Cli.Durable;

/// <summary>
/// DurableTask.Core's data converter over the Durable Task SDK's JSON (System.Text.Json): what the local engine's
/// <c>TaskHubClient</c> serialises orchestration inputs and event payloads with, so the SDK-style orchestrators running
/// through the SDK's shim read them exactly as the Functions app's orchestrators read the same values.
/// </summary>
internal sealed class SdkJsonDataConverter(SdkDataConverter inner) : CoreDataConverter
{
    /// <summary>The SDK's default JSON converter (what <c>DurableTaskShimFactory.Default</c> uses).</summary>
    public static SdkJsonDataConverter Default { get; } = new(Microsoft.DurableTask.Converters.JsonDataConverter.Default);

    /// <summary>The SDK converter underneath.</summary>
    public SdkDataConverter Inner => inner;

    /// <inheritdoc/>
    public override string Serialize(object value) => inner.Serialize(value)!;

    /// <inheritdoc/>
    public override string Serialize(object value, bool formatted) => inner.Serialize(value)!;

    /// <inheritdoc/>
    public override object Deserialize(string data, Type objectType) => inner.Deserialize(data, objectType)!;
}
