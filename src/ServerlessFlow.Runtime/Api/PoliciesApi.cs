namespace ServerlessFlow.Runtime.Api;

/// <summary><c>/api/v1/policies</c>: the action policies the loaded packs declare. The pack catalogue does not load
/// <c>policies/</c> yet (the loader warns that it skips the folder), so the list holds what the catalogue holds: none.</summary>
public sealed class PoliciesApi : CatalogResource<Dictionary<string, object?>>
{
    /// <inheritdoc/>
    public override string Name => "policies";

    /// <inheritdoc/>
    protected override string Kind => "policy";

    /// <inheritdoc/>
    protected override IReadOnlyList<Dictionary<string, object?>> All() => [];

    /// <inheritdoc/>
    protected override (string Ref, string Id) Keys(Dictionary<string, object?> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ((string)record["ref"]!, (string)record["id"]!);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> ToPlain(Dictionary<string, object?> record) => record;
}
