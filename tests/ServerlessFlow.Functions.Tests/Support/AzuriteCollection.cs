namespace ServerlessFlow.Functions.Tests.Support;

/// <summary>The xUnit collection sharing one Azurite (<see cref="AzuriteFixture"/>) across this project's storage tests.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Azurite";
}
