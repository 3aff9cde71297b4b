using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Records;
using ServerlessFlow.Runtime.Rules;

namespace ServerlessFlow.Runtime.Api;

/// <summary>
/// <c>/api/v1/rules</c>: the rules in force (<see cref="RuleRegistry"/>; filters <c>pack</c>, <c>name</c>, <c>action</c>,
/// <c>trigger</c>, <c>enabled</c>); get by ref or id. When <c>writable</c>, <c>PUT {ref_or_id}</c> replaces a rule with the body
/// (st2 rule enable|disable send the whole rule back), <c>POST</c> creates one and <c>DELETE</c> removes one. A rule body is
/// read and checked by the same reader as a pack's rule files, and its action and trigger type must be loaded.
/// </summary>
public sealed class RulesApi(PackCatalog catalog, RuleRegistry rules, bool writable) : CatalogResource<RuleSpec>
{
    /// <inheritdoc/>
    public override string Name => "rules";

    /// <inheritdoc/>
    protected override string Kind => "rule";

    /// <inheritdoc/>
    protected override IReadOnlyList<RuleSpec> All() => rules.Rules;

    /// <inheritdoc/>
    protected override (string Ref, string Id) Keys(RuleSpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (record.Ref, RecordIds.Derive("rule", record.Ref));
    }

    /// <inheritdoc/>
    protected override bool Filter(ApiRequest request, RuleSpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return CatalogListing.Matches(request, "pack", record.Pack)
            && CatalogListing.Matches(request, "name", record.Name)
            && CatalogListing.Matches(request, "action", record.Action.Ref)
            && CatalogListing.Matches(request, "trigger", record.Trigger.Type)
            && CatalogListing.Matches(request, "enabled", record.Enabled);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> ToPlain(RuleSpec record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var triggerParameters = Copy(record.Trigger.Parameters);
        var plain = Record();
        plain["id"] = Keys(record).Id;
        plain["uid"] = $"rule:{record.Pack}:{record.Name}";
        plain["ref"] = record.Ref;
        plain["name"] = record.Name;
        plain["pack"] = record.Pack;
        plain["description"] = record.Description ?? string.Empty;
        plain["enabled"] = record.Enabled;
        plain["trigger"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["type"] = record.Trigger.Type,
            ["ref"] = TriggersApi.RefFor(catalog.FindTriggerType(record.Trigger.Type), record.Trigger.Type, triggerParameters),
            ["parameters"] = triggerParameters,
        };
        plain["criteria"] = Copy(record.CriteriaMapping);
        plain["action"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["ref"] = record.Action.Ref, ["parameters"] = Copy(record.Action.Parameters) };
        plain["type"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["ref"] = record.RuleType, ["parameters"] = Record() };
        plain["tags"] = record.Tags.Select(t => (object?)new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = t.Name, ["value"] = t.Value }).ToList();
        plain["context"] = Copy(record.Context);
        plain["metadata_file"] = record.MetadataFile;
        return plain;
    }

    /// <inheritdoc/>
    protected override async Task<ApiResult> WriteAsync(ApiRequest request, IReadOnlyList<string> segments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(segments);
        switch (segments.Count, request.Method)
        {
            case (0, "POST") or (1, "PUT") or (1, "DELETE") when !writable:
                return ApiResult.Fault(405, "Rules here come from the deployed packs: change the pack's rules/ folder and deploy again.", Allow("GET"));
            case (0, "POST"):
                return await CreateAsync(request, cancellationToken).ConfigureAwait(false);
            case (1, "PUT"):
                return await ReplaceAsync(segments[0], request, cancellationToken).ConfigureAwait(false);
            case (1, "DELETE"):
                return Find(segments[0]) is { } gone && rules.TryRemove(gone.Ref) ? ApiResult.NoContent() : CatalogListing.NotFound(Kind, segments[0]);
            case (0, _):
                return ApiRoutes.MethodNotAllowed(Name, request, "GET", "POST");
            case (1, _):
                return ApiRoutes.MethodNotAllowed(Name, request, "GET", "PUT", "DELETE");
            default:
                return ApiRoutes.NotFound(Name, request);
        }
    }

    private static Dictionary<string, string> Allow(string methods) => new(StringComparer.OrdinalIgnoreCase) { ["Allow"] = methods };

    private async Task<ApiResult> CreateAsync(ApiRequest request, CancellationToken ct)
    {
        var (rule, error) = await ReadRuleAsync(request, metadataFile: null, ct).ConfigureAwait(false);
        if (rule is null)
        {
            return error!;
        }

        return rules.TryAdd(rule)
            ? ApiResult.Json(ToPlain(rule), 201)
            : ApiResult.Fault(409, $"Rule {rule.Ref} exists already; update it with PUT /api/v1/rules/{rule.Ref}.");
    }

    private async Task<ApiResult> ReplaceAsync(string refOrId, ApiRequest request, CancellationToken ct)
    {
        if (Find(refOrId) is not { } existing)
        {
            return CatalogListing.NotFound(Kind, refOrId);
        }

        var (rule, error) = await ReadRuleAsync(request, existing.MetadataFile, ct).ConfigureAwait(false);
        if (rule is null)
        {
            return error!;
        }

        if (rule.Ref != existing.Ref)
        {
            return ApiResult.Fault(400, $"The body names rule {rule.Ref}, but the path names {existing.Ref}: a rule's pack and name cannot change.");
        }

        return rules.TryReplace(rule) ? ApiResult.Json(ToPlain(rule)) : CatalogListing.NotFound(Kind, refOrId);
    }

    /// <summary>Reads the body as a rule: the pack's rule reader checks it (errors name the field), then its action and
    /// trigger type must be loaded, so a rule that could never run is refused rather than stored.</summary>
    private async Task<(RuleSpec? Rule, ApiResult? Error)> ReadRuleAsync(ApiRequest request, string? metadataFile, CancellationToken ct)
    {
        var (body, error) = await ApiBody.ReadObjectAsync(request, cancellationToken: ct).ConfigureAwait(false);
        if (body is null)
        {
            return (null, error);
        }

        var pack = body.GetValueOrDefault("pack") is string p && p.Length > 0 ? p : "default";
        var file = metadataFile ?? "rules/" + (body.GetValueOrDefault("name") as string ?? "rule") + ".json";
        var source = new InMemoryPackSource(
            pack,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["pack.yaml"] = JsonText.Serialize(new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["ref"] = pack, ["name"] = pack, ["description"] = "rules made through the API", ["version"] = "0.0.0", ["author"] = "api",
                }),
                ["rules/rule.json"] = JsonText.Serialize(body),
            },
            pack);
        var loaded = PackLoader.Load(source);
        var problems = loaded.Diagnostics.Where(d => d.IsError).Select(d => d.Message).ToList();
        if (problems.Count > 0 || loaded.Pack.Rules.Count != 1)
        {
            return (null, ApiResult.Fault(400, "Invalid rule: " + (problems.Count > 0 ? string.Join("; ", problems) : "the body is not a rule.")));
        }

        var rule = loaded.Pack.Rules[0] with { MetadataFile = file };
        if (catalog.FindAction(rule.Action.Ref) is null)
        {
            return (null, ApiResult.Fault(400, $"Invalid rule: action {rule.Action.Ref} is not in any loaded pack."));
        }

        if (catalog.FindTriggerType(rule.Trigger.Type) is null)
        {
            return (null, ApiResult.Fault(400, $"Invalid rule: trigger type {rule.Trigger.Type} is not loaded."));
        }

        try
        {
            Core.Rules.Matching.CompiledRule.FromSpec(rule);
        }
        catch (Core.Rules.Criteria.CriteriaException ex)
        {
            return (null, ApiResult.Fault(400, "Invalid rule: " + ex.Message));
        }

        return (rule, null);
    }
}
