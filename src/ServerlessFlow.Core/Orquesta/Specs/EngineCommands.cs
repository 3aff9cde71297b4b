namespace ServerlessFlow.Core.Orquesta.Specs;

/// <summary>The engine commands a transition's <c>do</c> may name; they are reserved task names.</summary>
public static class EngineCommands
{
    /// <summary>Ends the branch successfully (the implicit <c>do</c>).</summary>
    public const string Continue = "continue";

    /// <summary>Fails the workflow.</summary>
    public const string Fail = "fail";

    /// <summary>Ends the branch without doing anything.</summary>
    public const string Noop = "noop";

    /// <summary>Runs the task again.</summary>
    public const string Retry = "retry";

    /// <summary>True when <paramref name="name"/> is an engine command.</summary>
    public static bool IsCommand(string name) => name is Continue or Fail or Noop or Retry;
}
