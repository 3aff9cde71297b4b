using System.Globalization;
using System.Text;

namespace ServerlessFlow.Core.Rules.Criteria;

/// <summary>
/// A criteria key such as <c>trigger.body.items[0].name</c>: the subset of jsonpath-rw syntax that
/// StackStorm's PayloadLookup accepts in rules (dotted fields, quoted fields, <c>*</c>, <c>[n]</c>,
/// <c>[*]</c>, <c>[a:b]</c>, <c>..</c>). Parsed once when the rule is loaded; lookups return every
/// match, and StackStorm uses the first.
/// </summary>
public sealed class KeyPath
{
    private readonly Step[] _steps;
    private readonly bool _simple;

    private KeyPath(string text, Step[] steps)
    {
        Text = text;
        _steps = steps;
        _simple = steps.All(s => s.Kind == StepKind.Field && s.Name != "*");
    }

    /// <summary>The key as written (without any <c>#…</c> suffix).</summary>
    public string Text { get; }

    /// <summary>Parses a key; throws <see cref="FormatException"/> naming the key and position on bad syntax.</summary>
    public static KeyPath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var steps = new List<Step>();
        var i = 0;
        var expectField = true;
        SkipSpaces(text, ref i);
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '.')
            {
                if (i + 1 < text.Length && text[i + 1] == '.')
                {
                    steps.Add(new Step(StepKind.Descendants, null, 0, null, null));
                    i += 2;
                }
                else
                {
                    if (expectField)
                    {
                        throw Bad(text, i, "a field name was expected");
                    }

                    i++;
                }

                expectField = true;
                SkipSpaces(text, ref i);
                if (i >= text.Length)
                {
                    throw Bad(text, i, "the key ends after '.'");
                }

                continue;
            }

            if (c == '[')
            {
                steps.Add(ParseBracket(text, ref i));
                expectField = false;
                SkipSpaces(text, ref i);
                continue;
            }

            if (!expectField)
            {
                throw Bad(text, i, $"unexpected character '{c}'");
            }

            steps.Add(new Step(StepKind.Field, ParseName(text, ref i), 0, null, null));
            expectField = false;
            SkipSpaces(text, ref i);
        }

        if (steps.Count == 0)
        {
            throw Bad(text, 0, "the key is empty");
        }

        return new KeyPath(text, [.. steps]);
    }

    private static void SkipSpaces(string text, ref int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }
    }

    private static FormatException Bad(string text, int position, string reason) =>
        new($"Invalid criteria key \"{text}\" at position {position}: {reason}.");

    private static string ParseName(string text, ref int i)
    {
        var c = text[i];
        if (c == '*')
        {
            i++;
            return "*";
        }

        if (c is '\'' or '"')
        {
            var quote = c;
            var builder = new StringBuilder();
            i++;
            while (i < text.Length && text[i] != quote)
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                {
                    i++;
                }

                builder.Append(text[i]);
                i++;
            }

            if (i >= text.Length)
            {
                throw Bad(text, i, "unterminated quoted field");
            }

            i++;
            return builder.ToString();
        }

        // jsonpath-rw's ID token: [a-zA-Z_@][a-zA-Z0-9_@\-]*
        if (!(char.IsAsciiLetter(c) || c is '_' or '@'))
        {
            throw Bad(text, i, $"unexpected character '{c}'");
        }

        var start = i;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '@' or '-'))
        {
            i++;
        }

        return text[start..i];
    }

    private static Step ParseBracket(string text, ref int i)
    {
        var close = text.IndexOf(']', i);
        if (close < 0)
        {
            throw Bad(text, i, "unterminated '['");
        }

        var inner = text[(i + 1)..close].Trim();
        var open = i;
        i = close + 1;
        if (inner == "*")
        {
            return new Step(StepKind.Slice, null, 0, null, null);
        }

        if (inner.Contains(':', StringComparison.Ordinal))
        {
            var parts = inner.Split(':');
            if (parts.Length > 2)
            {
                throw Bad(text, open, "slice steps are not supported");
            }

            return new Step(StepKind.Slice, null, 0, ParseOptionalInt(text, open, parts[0]), ParseOptionalInt(text, open, parts[1]));
        }

        if (inner.Length > 0 && inner[0] is '\'' or '"')
        {
            var j = 0;
            var name = ParseName(inner, ref j);
            return new Step(StepKind.Field, name, 0, null, null);
        }

        if (!int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            throw Bad(text, open, $"'[{inner}]' is not an index, a slice or [*]");
        }

        return new Step(StepKind.Index, null, index, null, null);
    }

    private static int? ParseOptionalInt(string text, int position, string part)
    {
        part = part.Trim();
        if (part.Length == 0)
        {
            return null;
        }

        return int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Bad(text, position, $"'{part}' is not a number");
    }

    /// <summary>The first match in <paramref name="root"/>, as StackStorm's filter picks it; false when nothing matches.</summary>
    public bool TryGetFirst(object? root, out object? value)
    {
        if (_simple)
        {
            // The common case (trigger.a.b) without allocating.
            var current = root;
            foreach (var step in _steps)
            {
                if (current is not Dictionary<string, object?> dict || !dict.TryGetValue(step.Name!, out current))
                {
                    value = null;
                    return false;
                }
            }

            value = current;
            return true;
        }

        var matches = FindAll(root);
        if (matches.Count == 0)
        {
            value = null;
            return false;
        }

        value = matches[0];
        return true;
    }

    /// <summary>The first match in a context that has one entry, <paramref name="rootName"/> (e.g. <c>trigger</c>),
    /// without building the context dictionary in the common case.</summary>
    public bool TryGetFirst(string rootName, object? rootValue, out object? value)
    {
        if (_simple)
        {
            if (!string.Equals(_steps[0].Name, rootName, StringComparison.Ordinal))
            {
                value = null;
                return false;
            }

            var current = rootValue;
            for (var i = 1; i < _steps.Length; i++)
            {
                if (current is not Dictionary<string, object?> dict || !dict.TryGetValue(_steps[i].Name!, out current))
                {
                    value = null;
                    return false;
                }
            }

            value = current;
            return true;
        }

        return TryGetFirst(new Dictionary<string, object?>(StringComparer.Ordinal) { [rootName] = rootValue }, out value);
    }

    /// <summary>Every match in <paramref name="root"/>, in jsonpath-rw's order.</summary>
    public List<object?> FindAll(object? root)
    {
        var current = new List<object?> { root };
        foreach (var step in _steps)
        {
            var next = new List<object?>();
            foreach (var datum in current)
            {
                Apply(step, datum, next, 0);
            }

            current = next;
            if (current.Count == 0)
            {
                break;
            }
        }

        return current;
    }

    private void Apply(Step step, object? datum, List<object?> output, int depth)
    {
        switch (step.Kind)
        {
            case StepKind.Field:
                if (datum is Dictionary<string, object?> dict)
                {
                    if (step.Name == "*")
                    {
                        output.AddRange(dict.Values);
                    }
                    else if (dict.TryGetValue(step.Name!, out var fieldValue))
                    {
                        output.Add(fieldValue);
                    }
                }

                break;
            case StepKind.Index:
                switch (datum)
                {
                    case List<object?> list when list.Count > 0 && list.Count > step.Index:
                        var index = step.Index < 0 ? list.Count + step.Index : step.Index;
                        if (index < 0)
                        {
                            throw new CriterionFailureException($"list index out of range in key {Text}");
                        }

                        output.Add(list[index]);
                        break;
                    case string s when s.Length > 0 && s.Length > step.Index:
                        var at = step.Index < 0 ? s.Length + step.Index : step.Index;
                        if (at < 0)
                        {
                            throw new CriterionFailureException($"string index out of range in key {Text}");
                        }

                        output.Add(s[at].ToString());
                        break;
                    case Dictionary<string, object?> d when d.Count > 0 && d.Count > step.Index:
                        // jsonpath-rw indexes the dict with an int key: a KeyError that StackStorm reports.
                        throw new CriterionFailureException(step.Index.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case StepKind.Slice:
                var items = datum switch
                {
                    List<object?> l => l,
                    Dictionary<string, object?> or long or string or bool => [datum],
                    _ => throw new CriterionFailureException($"object of type '{PythonSemantics.TypeName(datum)}' has no len() in key {Text}"),
                };

                if (step.Start is null && step.End is null)
                {
                    output.AddRange(items);
                }
                else
                {
                    var (from, to) = SliceBounds(items.Count, step.Start, step.End);
                    for (var i = from; i < to; i++)
                    {
                        output.Add(items[i]);
                    }
                }

                break;
            case StepKind.Descendants:
                // '..' followed by the next step: handled as "this node and every descendant".
                if (depth > RuleLimits.MaxPayloadDepth * 2)
                {
                    throw new CriterionFailureException($"the payload is nested too deeply to search with '..' in key {Text}");
                }

                output.Add(datum);
                switch (datum)
                {
                    case Dictionary<string, object?> d:
                        foreach (var child in d.Values)
                        {
                            Apply(step, child, output, depth + 1);
                        }

                        break;
                    case List<object?> l:
                        foreach (var child in l)
                        {
                            Apply(step, child, output, depth + 1);
                        }

                        break;
                }

                break;
        }
    }

    private static (int From, int To) SliceBounds(int count, int? start, int? end)
    {
        static int Clamp(int value, int count) => value < 0 ? Math.Max(0, count + value) : Math.Min(value, count);
        var from = start is null ? 0 : Clamp(start.Value, count);
        var to = end is null ? count : Clamp(end.Value, count);
        return (from, Math.Max(from, to));
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private enum StepKind
    {
        Field,
        Index,
        Slice,
        Descendants,
    }

    private sealed record Step(StepKind Kind, string? Name, int Index, int? Start, int? End);
}
