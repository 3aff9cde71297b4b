using System.Text.RegularExpressions;

namespace ServerlessFlow.Core.Orquesta.Inspection;

/// <summary>orquesta's static extraction of the ctx variables an expression reads
/// (<c>extract_vars</c>: <c>ctx().x</c>, <c>ctx(x)</c>, <c>ctx('x')</c>, <c>ctx("x")</c>), regex for regex.</summary>
public static partial class ExpressionVariables
{
    [GeneratedRegex("<%.*?%>", RegexOptions.CultureInvariant)]
    internal static partial Regex Yaql();

    [GeneratedRegex("{{.*?}}", RegexOptions.CultureInvariant)]
    internal static partial Regex Jinja();

    [GeneratedRegex("{%.*?%}", RegexOptions.CultureInvariant)]
    internal static partial Regex JinjaBlock();

    [GeneratedRegex("""\bctx\(['"]?[\]\[a-zA-Z0-9_'"\.()]*['"]?\)\.?[\]\[a-zA-Z0-9_'"\.()]*""", RegexOptions.CultureInvariant)]
    private static partial Regex CtxReference();

    [GeneratedRegex(@"(?<=\bctx\(\)\.)([a-zA-Z0-9_-]+)\b(?!\()\.?", RegexOptions.CultureInvariant)]
    private static partial Regex DotName();

    [GeneratedRegex(@"(?:\bctx\(([a-zA-Z0-9_-]+)\))", RegexOptions.CultureInvariant)]
    private static partial Regex BareName();

    [GeneratedRegex(@"(?:\bctx\('([a-zA-Z0-9_-]+)'\))", RegexOptions.CultureInvariant)]
    private static partial Regex SingleQuotedName();

    [GeneratedRegex("""(?:\bctx\("([a-zA-Z0-9_-]+)"\))""", RegexOptions.CultureInvariant)]
    private static partial Regex DoubleQuotedName();

    /// <summary>True when <paramref name="text"/> holds a YAQL expression.</summary>
    public static bool HasYaql(string text) => Yaql().IsMatch(text);

    /// <summary>True when <paramref name="text"/> holds a Jinja expression or block.</summary>
    public static bool HasJinja(string text) => Jinja().IsMatch(text) || JinjaBlock().IsMatch(text);

    /// <summary>(language, statement, variable) for every ctx variable read in <paramref name="value"/>
    /// (deep over lists and dictionaries), unique and sorted by variable name.</summary>
    public static List<(string Type, string Statement, string Name)> Extract(object? value)
    {
        var result = new List<(string, string, string)>();
        Collect(value, result);
        return result.Distinct().OrderBy(v => v.Item3, StringComparer.Ordinal).ToList();
    }

    private static void Collect(object? value, List<(string, string, string)> result)
    {
        switch (value)
        {
            case Dictionary<string, object?> dict:
                foreach (var (k, v) in dict)
                {
                    Collect(k, result);
                    Collect(v, result);
                }

                break;
            case List<object?> list:
                foreach (var item in list)
                {
                    Collect(item, result);
                }

                break;
            case string text:
                // orquesta asks its evaluators in entry-point order: jinja, then yaql.
                Add("jinja", text, Jinja(), "{}", result);
                Add("yaql", text, Yaql(), "<%>", result);
                break;
            default:
                break;
        }
    }

    private static void Add(string type, string text, Regex statements, string delimiter, List<(string, string, string)> result)
    {
        var references = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match statement in statements.Matches(text))
        {
            var inner = statement.Value.Trim(delimiter.ToCharArray()).Trim();
            foreach (Match reference in CtxReference().Matches(inner))
            {
                references.Add(reference.Value.Trim());
            }
        }

        foreach (var reference in references)
        {
            foreach (var extractor in new[] { DotName(), BareName(), SingleQuotedName(), DoubleQuotedName() })
            {
                var match = extractor.Match(reference);
                if (match.Success && match.Groups[1].Value.Length > 0)
                {
                    result.Add((type, text, match.Groups[1].Value));
                }
            }
        }
    }
}
