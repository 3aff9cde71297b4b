using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>StackStorm's policy types, as data copied from st2's <c>st2common/policies/meta/*.yaml</c>.</summary>
public static class PolicyTypeCatalog
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

    /// <summary>The three policy types, by ref.</summary>
    public static IReadOnlyDictionary<string, PolicyTypeSpec> All { get; } = Load();

    private static Dictionary<string, PolicyTypeSpec> Load()
    {
        var types = new Dictionary<string, PolicyTypeSpec>(StringComparer.Ordinal);
        foreach (var item in ((List<object?>)YamlValueReader.Read(Yaml).Value!).Cast<Dictionary<string, object?>>())
        {
            var name = (string)item["name"]!;
            var parameters = ((Dictionary<string, object?>)item["parameters"]!).ToDictionary(
                kv => kv.Key,
                kv => ActionParameterSpec.FromSchema(kv.Key, (Dictionary<string, object?>)kv.Value!, SourcePosition.Start),
                StringComparer.Ordinal);
            types["action." + name] = new PolicyTypeSpec
            {
                Ref = "action." + name,
                Name = name,
                ResourceType = "action",
                Description = item["description"] as string,
                Module = item["module"] as string,
                Parameters = parameters,
            };
        }

        return types;
    }
}
