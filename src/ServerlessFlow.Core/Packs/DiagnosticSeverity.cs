namespace ServerlessFlow.Core.Packs;

/// <summary>How bad a <see cref="PackDiagnostic"/> is: errors stop a pack from being used as written.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Something a pack author should look at; the content still loads and runs.</summary>
    Warning,

    /// <summary>The content is wrong: the item it concerns is not usable as written.</summary>
    Error,
}
