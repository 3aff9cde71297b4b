namespace ServerlessFlow.Core.Mistral;

/// <summary>The result of converting one Mistral v2 workflow: the Orquesta definition (YAML text) and what could not be
/// converted. <see cref="Complete"/> is true when nothing was left out.</summary>
/// <param name="WorkflowName">The Mistral workflow converted.</param>
/// <param name="OrquestaYaml">The Orquesta workflow definition.</param>
/// <param name="Notes">What was not converted, in source order.</param>
public sealed record MistralConversion(string WorkflowName, string OrquestaYaml, IReadOnlyList<ConversionNote> Notes)
{
    /// <summary>True when every part of the workflow was converted.</summary>
    public bool Complete => Notes.Count == 0;
}
