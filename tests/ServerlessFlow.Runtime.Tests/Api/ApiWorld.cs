using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Enforcements;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ServerlessFlow.Runtime.Tests.Api;

/// <summary>The API over in-memory stores, the core pack and a recording workflow control.</summary>
internal sealed class ApiWorld
{
    public ApiWorld(string? apiKey = null, SecretCipher? cipher = null)
    {
        Host = new TestHost(Time);
        Control = new RecordingWorkflowControl(new InquiryService(Host.Inquiries, Host.Executions, Host.Actions));
        Keys = new KeyValueService(KeyValues, cipher, Time, Host.Triggers);
        Executions = new ExecutionsApi(Host.Executions, CorePack.Catalog, Host.Actions, Control, Time);
        Api = new ReadRunApi(
            apiKey is null ? ApiKeyGuard.Open : ApiKeyGuard.Require(apiKey),
            [
                Executions,
                new TriggerInstancesApi(Host.TriggerInstances, Host.Triggers),
                new RuleEnforcementsApi(Enforcements),
                new KeysApi(Keys),
                new InquiriesApi(Host.Inquiries, Control),
                new ActionsApi(CorePack.Catalog),
            ]);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));

    public TestHost Host { get; }

    public RecordingWorkflowControl Control { get; }

    public InMemoryEnforcementStore Enforcements { get; } = new();

    public InMemoryKeyValueStore KeyValues { get; } = new();

    public KeyValueService Keys { get; }

    public ExecutionsApi Executions { get; }

    public ReadRunApi Api { get; }

    public Task<ApiResult> CallAsync(string resource, ApiRequest request) => Api.HandleAsync(resource, request, CancellationToken.None);
}
