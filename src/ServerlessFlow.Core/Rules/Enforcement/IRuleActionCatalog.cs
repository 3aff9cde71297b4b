namespace ServerlessFlow.Core.Rules.Enforcement;

/// <summary>Looks up the actions rules run (supplied by the caller, e.g. from the loaded packs).</summary>
public interface IRuleActionCatalog
{
    /// <summary>Finds an action by ref; false when it does not exist.</summary>
    bool TryGetAction(string actionRef, out RuleActionInfo action);
}
