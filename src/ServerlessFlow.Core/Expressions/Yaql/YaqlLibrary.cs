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

    /// <summary>When a shared (Orquesta/st2) function and a yaql one have the same name, yaql's
    /// method form wins (<c>[1, 2].zip([3, 4])</c>); the function form is Orquesta's.</summary>
    public static bool PrefersYaql(string name, YaqlCall call) => call.HasReceiver && Functions.ContainsKey(name);

    private static Dictionary<string, YaqlFunction> Build()
    {
        var functions = new Dictionary<string, YaqlFunction>(StringComparer.Ordinal);
        RegisterStrings(functions);
        RegisterMath(functions);
        RegisterCollections(functions);
        RegisterQueries(functions);
        RegisterRegex(functions);
        RegisterBranching(functions);
        return functions;
    }

}
