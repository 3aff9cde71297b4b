using Microsoft.DurableTask.Client;
using ServerlessFlow.Runtime.Durable;

namespace ServerlessFlow.Functions.Workflows;

/// <summary>Turns a function's <c>[DurableClient]</c> binding into the runtime's <see cref="IOrchestrationClient"/>, which the
/// function then passes explicitly to what it calls.</summary>
internal static class DurableClients
{
    /// <summary>The binding's client; without one (tests of message handling alone, never the Functions host), a client
    /// that refuses every workflow operation saying why.</summary>
    public static IOrchestrationClient Of(DurableTaskClient? binding) =>
        binding is null
            ? new NoOrchestrationClient("this function invocation has no Durable client binding, so it cannot start or steer workflows.")
            : new DurableTaskClientOrchestrations(binding);
}
