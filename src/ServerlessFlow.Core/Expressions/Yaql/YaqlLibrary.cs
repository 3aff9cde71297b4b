using System.Diagnostics.CodeAnalysis;

namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>A yaql standard-library function.</summary>
internal delegate object? YaqlFunction(YaqlCall call);

/// <summary>
/// yaql 2.0's standard library (yaql/standard_library/*.py) under its yaql names (camelCase),
/// split by area into partial files. Every function accepts both call forms,
/// <c>f(x, a)</c> and <c>x.f(a)</c>; overloads are chosen by the argument types.
/// </summary>
internal static partial class YaqlLibrary
{
    private static readonly Dictionary<string, YaqlFunction> Functions = Build();

    public static bool TryGet(string name, [NotNullWhen(true)] out YaqlFunction? function) =>
        Functions.TryGetValue(name, out function);

    /// <summary>The yaql names of every library function.</summary>
    public static IEnumerable<string> Names => Functions.Keys;

    // Which names yaql registers only as functions or only as methods (read from yaql 2.0's
    // context: FunctionDefinition.is_function / is_method); the rest accept both forms.
    private static readonly HashSet<string> FunctionOnly = new(StringComparer.Ordinal)
    {
        "abs", "bitwiseAnd", "bitwiseNot", "bitwiseOr", "bitwiseXor", "bool", "coalesce", "dict", "escapeRegex",
        "examine", "float", "generate", "hex", "int", "isBoolean", "isDict", "isInteger", "isIterable", "isList",
        "isNumber", "isRegex", "isSet", "isString", "let", "list", "pow", "random", "range", "regex", "round",
        "selectAllCases", "selectCase", "sequence", "shiftBitsLeft", "shiftBitsRight", "sign", "str", "switch",
    };

    private static readonly HashSet<string> MethodOnly = new(StringComparer.Ordinal)
    {
        "accumulate", "add", "aggregate", "contains", "containsKey", "containsValue", "count", "cycle",
        "defaultIfEmpty", "delete", "deleteAll", "difference", "endsWith", "filter", "first", "flatten", "get",
        "groupBy", "indexOf", "indexWhere", "insert", "insertMany", "intersect", "items", "join", "keys", "last",
        "lastIndexOf", "lastIndexWhere", "limit", "map", "matches", "memorize", "mergeWith", "orderBy",
        "orderByDescending", "reduce", "remove", "repeat", "replace", "replaceBy", "replaceMany", "reverse",
        "rightSplit", "search", "searchAll", "select", "selectMany", "single", "skip", "skipWhile", "slice",
        "sliceWhere", "split", "splitAt", "splitWhere", "startsWith", "substring", "sum", "switchCase",
        "symmetricDifference", "take", "takeWhile", "thenBy", "thenByDescending", "toCharArray", "toDict", "toList",
        "toLower", "toSet", "toUpper", "trim", "trimLeft", "trimRight", "union", "values", "where", "zip", "zipLongest",
    };

    /// <summary>True when <paramref name="name"/> may be called in this form (method or function).</summary>
    public static bool Accepts(string name, bool asMethod) =>
        asMethod ? !FunctionOnly.Contains(name) : !MethodOnly.Contains(name);

    private static Dictionary<string, YaqlFunction> Build()
    {
        var functions = new Dictionary<string, YaqlFunction>(StringComparer.Ordinal);
        RegisterStrings(functions);
        RegisterMath(functions);
        RegisterCollections(functions);
        RegisterQueries(functions);
        RegisterRegex(functions);
        RegisterBranching(functions);
        functions["filter"] = functions["where"];
        functions["map"] = functions["select"];
        functions["reduce"] = functions["aggregate"];
        return functions;
    }

}
