namespace ServerlessFlow.Core.Expressions.Functions;

/// <summary>How one expression language shows, names and resolves its values and raises its errors,
/// for the shared <see cref="PythonStrFormat"/>.</summary>
/// <param name="Str">Python's <c>str(value)</c> in that language.</param>
/// <param name="Repr">Python's <c>repr(value)</c> in that language.</param>
/// <param name="TypeName">Python's type name of the value, for error messages.</param>
/// <param name="Resolve">Turns a language-specific placeholder (e.g. Jinja's undefined) into a plain value or throws.</param>
/// <param name="Error">Builds the language's error from a Python exception type and message.</param>
internal sealed record PythonFormatValues(
    Func<object?, string> Str,
    Func<object?, string> Repr,
    Func<object?, string> TypeName,
    Func<object?, object?> Resolve,
    Func<string, string, Exception> Error);
