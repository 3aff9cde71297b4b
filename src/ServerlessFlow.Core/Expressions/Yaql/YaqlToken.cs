namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>One token: its kind, its text (operator symbol, name, decoded string), its literal value and its 0-based position.</summary>
internal readonly record struct YaqlToken(YaqlTokenKind Kind, string Text, object? Value, int Position);
