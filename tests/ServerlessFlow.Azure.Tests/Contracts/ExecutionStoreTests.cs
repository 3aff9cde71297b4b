using ServerlessFlow.Azure.Tests.Support;
using ServerlessFlow.Runtime.Executions;

namespace ServerlessFlow.Azure.Tests.Contracts;

public sealed class InMemoryExecutionStoreTests : ExecutionStoreContract
{
    protected override Task<IExecutionStore> CreateStoreAsync() => Task.FromResult<IExecutionStore>(new InMemoryExecutionStore());
}

[Collection(AzuriteCollection.Name)]
public sealed class TableExecutionStoreTests(AzuriteFixture azurite) : ExecutionStoreContract
{
    protected override async Task<IExecutionStore> CreateStoreAsync() => (await azurite.NewStoresAsync()).Executions;
}
