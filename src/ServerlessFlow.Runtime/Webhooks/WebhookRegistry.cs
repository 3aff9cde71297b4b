using ServerlessFlow.Core.Rules.Matching;

namespace ServerlessFlow.Runtime.Webhooks;

/// <summary>The webhook urls that enabled rules listen on (rules on <c>core.st2.webhook</c> with a
/// <c>url</c> parameter), normalised as StackStorm does (slashes trimmed).</summary>
public sealed class WebhookRegistry
{
    /// <summary>StackStorm's webhook trigger type.</summary>
    public const string WebhookTriggerType = "core.st2.webhook";

    private readonly HashSet<string> hooks;

    /// <summary>Creates a registry of the given urls.</summary>
    public WebhookRegistry(IEnumerable<string> urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        hooks = new HashSet<string>(urls.Select(WebhookRequestParser.NormalizeHook), StringComparer.Ordinal);
    }

    /// <summary>The registered urls.</summary>
    public IReadOnlyCollection<string> Hooks => hooks;

    /// <summary>The urls of the enabled webhook rules.</summary>
    public static WebhookRegistry FromRules(IEnumerable<CompiledRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new WebhookRegistry(rules
            .Where(r => r.Enabled && r.TriggerType == WebhookTriggerType)
            .Select(r => r.TriggerParameters.TryGetValue("url", out var url) ? url as string : null)
            .OfType<string>());
    }

    /// <summary>True when some enabled rule listens on this url.</summary>
    public bool IsRegistered(string hook) => hooks.Contains(WebhookRequestParser.NormalizeHook(hook));
}
