namespace ServerlessFlow.Core.Rules;

/// <summary>Safety limits of rule evaluation, so that bad rules or payloads fail with a reason instead of hanging.</summary>
public static class RuleLimits
{
    /// <summary>Match timeout of every criteria regex (a catastrophic pattern fails the criterion).</summary>
    public static readonly TimeSpan DefaultRegexTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>How deeply search criteria and groups may nest at evaluation time.</summary>
    public const int MaxSearchDepth = 32;

    /// <summary>How deeply a trigger payload may nest (validated before evaluation).</summary>
    public const int MaxPayloadDepth = 64;
}
