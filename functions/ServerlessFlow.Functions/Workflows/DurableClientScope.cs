using Microsoft.DurableTask.Client;

namespace ServerlessFlow.Functions.Workflows;

/// <summary>
/// The <c>[DurableClient]</c> client of the function invocation in progress. The Functions host hands
/// the client to a function as a binding, not through dependency injection, so a function that may
/// start workflows enters a scope with it, and <see cref="FunctionsWorkflowDriver"/> (deep inside the
/// action use case) reads it from here. Flows with the async call chain, like a logging scope.
/// </summary>
internal static class DurableClientScope
{
    private static readonly AsyncLocal<DurableTaskClient?> CurrentClient = new();

    /// <summary>The client of the enclosing scope, or null outside any.</summary>
    public static DurableTaskClient? Current => CurrentClient.Value;

    /// <summary>Makes <paramref name="client"/> current until the returned scope is disposed.</summary>
    public static IDisposable Enter(DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var previous = CurrentClient.Value;
        CurrentClient.Value = client;
        return new Restore(previous);
    }

    private sealed class Restore(DurableTaskClient? previous) : IDisposable
    {
        public void Dispose() => CurrentClient.Value = previous;
    }
}
