using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Api;

/// <summary><c>/api/v1/policytypes</c>: StackStorm's fixed list of action policy types (<c>action.concurrency</c>,
/// <c>action.concurrency.attr</c>, <c>action.retry</c>), with names, parameters and descriptions copied from st2's
/// <c>st2common/policies/meta/*.yaml</c>; filter <c>resource_type</c>; get by ref or id.</summary>
public sealed class PolicyTypesApi : CatalogResource<Dictionary<string, object?>>
{
    private const string Yaml = """
        - name: concurrency
          description: Limits the concurrent executions for the action.
          module: st2actions.policies.concurrency
          parameters:
            threshold: {description: Concurrency threshold., type: integer, required: true}
            action: {description: Which action to perform on the execution once the concurrency threshold has been reached., type: string, default: delay, enum: [delay, cancel]}
        - name: concurrency.attr
          description: Limits the concurrent executions for the action by attribute(s).
          module: st2actions.policies.concurrency_by_attr
          parameters:
            threshold: {description: Concurrency threshold., type: integer, required: true}
            action: {description: Which action to perform on the execution once the concurrency threshold has been reached., type: string, default: delay, enum: [delay, cancel]}
            attributes: {description: List of attributes by which to limit the concurrency., type: array, uniqueItems: true, items: {type: string, minLength: 1}}
        - name: retry
          description: Retry (re-run) failed or timed out action.
          module: st2actions.policies.retry
          parameters:
            retry_on: {type: string, description: Condition to retry on., required: true, enum: [failure, timeout]}
            max_retry_count: {type: integer, description: Maximum number of times to retry before giving up., required: true, minimum: 1, maximum: 5, default: 2}
            delay: {type: number, description: Number of seconds to wait before retrying the execution., required: false, minimum: 0, maximum: 120}
        """;

    private static readonly IReadOnlyList<Dictionary<string, object?>> Types = Load();

    /// <inheritdoc/>
    public override string Name => "policytypes";

    /// <inheritdoc/>
    protected override string Kind => "policy type";

    /// <inheritdoc/>
    protected override IReadOnlyList<Dictionary<string, object?>> All() => Types;

    /// <inheritdoc/>
    protected override (string Ref, string Id) Keys(Dictionary<string, object?> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ((string)record["ref"]!, (string)record["id"]!);
    }

    /// <inheritdoc/>
    protected override bool Filter(ApiRequest request, Dictionary<string, object?> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return CatalogListing.Matches(request, "resource_type", (string?)record["resource_type"]);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> ToPlain(Dictionary<string, object?> record) =>
        (Dictionary<string, object?>)PlainValues.DeepClone(record)!;

    private static List<Dictionary<string, object?>> Load()
    {
        var types = new List<Dictionary<string, object?>>();
        foreach (var item in ((List<object?>)YamlValueReader.Read(Yaml).Value!).Cast<Dictionary<string, object?>>())
        {
            var name = (string)item["name"]!;
            var plain = Record();
            plain["id"] = RecordIds.Derive("policy_type", "action", name);
            plain["uid"] = "policy_type:action:" + name;
            plain["ref"] = "action." + name;
            plain["name"] = name;
            plain["resource_type"] = "action";
            plain["description"] = item["description"];
            plain["enabled"] = true;
            plain["module"] = item["module"];
            plain["parameters"] = item["parameters"];
            types.Add(plain);
        }

        return types;
    }
}
