using System.Globalization;

namespace ServerlessFlow.Core.Packs;

/// <summary>One problem found while loading or checking packs, with where it is.</summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Code">A stable code from <see cref="PackDiagnosticCodes"/>.</param>
/// <param name="File">The file (as the pack source names it), or the pack folder for pack-wide problems.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Message">What is wrong, in words a pack author understands.</param>
public sealed record PackDiagnostic(DiagnosticSeverity Severity, string Code, string File, int Line, int Column, string Message)
{
    /// <summary>True for <see cref="DiagnosticSeverity.Error"/>.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>Compiler style: <c>file:line:col: error CODE: message</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{File}:{Line}:{Column}: {(IsError ? "error" : "warning")} {Code}: {Message}");

    /// <summary>Orders diagnostics by file, line, column, then code, so output is stable.</summary>
    public static int Compare(PackDiagnostic a, PackDiagnostic b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var c = string.CompareOrdinal(a.File, b.File);
        if (c == 0)
        {
            c = a.Line.CompareTo(b.Line);
        }

        if (c == 0)
        {
            c = a.Column.CompareTo(b.Column);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(a.Code, b.Code);
        }

        return c == 0 ? string.CompareOrdinal(a.Message, b.Message) : c;
    }
}
