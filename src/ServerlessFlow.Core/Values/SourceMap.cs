namespace ServerlessFlow.Core.Values;

/// <summary>Positions of YAML nodes by path. Paths use dots for mapping keys and [i] for
/// sequence items, as Orquesta's spec paths do: <c>tasks.task1.next[0].do</c>. The root is "".</summary>
public sealed class SourceMap
{
    private readonly Dictionary<string, SourcePosition> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourcePosition> _keys = new(StringComparer.Ordinal);

    /// <summary>An empty map (every lookup answers the start of the file).</summary>
    public static SourceMap Empty { get; } = new();

    internal void AddValue(string path, SourcePosition position) => _values.TryAdd(path, position);

    internal void AddKey(string path, SourcePosition position) => _keys.TryAdd(path, position);

    /// <summary>The position of the value at <paramref name="path"/>, or of its nearest ancestor.</summary>
    public SourcePosition ValueAt(string path) => Lookup(_values, path);

    /// <summary>The position of the mapping key that names <paramref name="path"/> (falls back to the value).</summary>
    public SourcePosition KeyAt(string path) =>
        _keys.TryGetValue(path, out var position) ? position : ValueAt(path);

    /// <summary>True when a node exists at exactly this path.</summary>
    public bool Contains(string path) => _values.ContainsKey(path);

    private static SourcePosition Lookup(Dictionary<string, SourcePosition> map, string path)
    {
        while (true)
        {
            if (map.TryGetValue(path, out var position))
            {
                return position;
            }

            if (path.Length == 0)
            {
                return SourcePosition.Start;
            }

            path = Parent(path);
        }
    }

    /// <summary>The path of the parent node: <c>a.b[0]</c> → <c>a.b</c> → <c>a</c> → "".</summary>
    public static string Parent(string path)
    {
        var cut = path.LastIndexOfAny(['.', '[']);
        return cut <= 0 ? string.Empty : path[..cut];
    }

    /// <summary>Appends a mapping key to a path.</summary>
    public static string Child(string path, string key) => path.Length == 0 ? key : path + "." + key;

    /// <summary>Appends a sequence index to a path.</summary>
    public static string Item(string path, int index) => path + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
}
