using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ServerlessFlow.Core.Values;

/// <summary>Limits that keep hostile YAML (deep nesting, alias bombs) from hurting the reader.</summary>
/// <param name="MaxDepth">Deepest nesting of mappings and sequences accepted.</param>
/// <param name="MaxNodes">Most nodes the document may hold once aliases are expanded.</param>
public sealed record YamlReaderLimits(int MaxDepth = 200, long MaxNodes = 2_000_000)
{
    /// <summary>The limits used when none are given.</summary>
    public static YamlReaderLimits Default { get; } = new();
}

/// <summary>
/// Reads one YAML document into the plain value model the way StackStorm's PyYAML
/// <c>safe_load</c> does (YAML 1.1 scalars: <c>yes</c>/<c>on</c> are booleans, <c>0755</c> is
/// octal, <c>1e3</c> is a string, merge keys), recording the position of every node. It never
/// throws on bad content: problems come back in the result. Nesting and alias expansion are
/// bounded, and the tree is built without recursion.
/// </summary>
public static class YamlValueReader
{
    private static readonly Regex BoolPattern = new(
        "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
        RegexOptions.CultureInvariant);

    private static readonly Regex FloatPattern = new(
        @"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        RegexOptions.CultureInvariant);

    private static readonly Regex IntPattern = new(
        @"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
        RegexOptions.CultureInvariant);

    private static readonly Regex NullPattern = new("^(?:~|null|Null|NULL|)$", RegexOptions.CultureInvariant);

    private const string MergeKey = "<<";

    /// <summary>Reads the single YAML document in <paramref name="text"/>.</summary>
    public static YamlReadResult Read(string text, YamlReaderLimits? limits = null)
    {
        limits ??= YamlReaderLimits.Default;
        var builder = new Builder(limits);
        return builder.Run(text);
    }

    private sealed class Frame
    {
        public required bool IsMapping { get; init; }

        public required string Path { get; init; }

        public required string? Anchor { get; init; }

        public Dictionary<string, object?>? Mapping { get; init; }

        public List<object?>? Sequence { get; init; }

        public List<(object? Value, SourcePosition Position)>? Merges { get; set; }

        public string? PendingKey { get; set; }

        public bool PendingKeyIsMerge { get; set; }

        public SourcePosition PendingKeyPosition { get; set; }

        public long Nodes { get; set; } = 1;
    }

    private sealed class Builder(YamlReaderLimits limits)
    {
        private readonly SourceMap _map = new();
        private readonly List<YamlProblem> _problems = [];
        private readonly Dictionary<string, (object? Value, long Nodes)> _anchors = new(StringComparer.Ordinal);
        private readonly Stack<Frame> _stack = new();
        private long _totalNodes;
        private object? _root;
        private bool _haveRoot;

        public YamlReadResult Run(string text)
        {
            var parser = new Parser(new StringReader(text));
            try
            {
                parser.Consume<StreamStart>();
                if (parser.Accept<StreamEnd>(out _))
                {
                    return new YamlReadResult(null, _map, _problems, isEmpty: true);
                }

                parser.Consume<DocumentStart>();
                while (!parser.Accept<DocumentEnd>(out _))
                {
                    if (!Handle(parser.Current!))
                    {
                        return new YamlReadResult(null, _map, _problems, isEmpty: false);
                    }

                    if (!parser.MoveNext())
                    {
                        break;
                    }
                }

                parser.Consume<DocumentEnd>();
                if (parser.Accept<DocumentStart>(out var second))
                {
                    _problems.Add(new YamlProblem(
                        "yaml-multiple-documents",
                        "the file holds more than one YAML document ('---'); only one is allowed",
                        ToPosition(second.Start),
                        IsError: true));
                }
            }
            catch (YamlException ex)
            {
                _problems.Add(new YamlProblem("yaml-syntax", Describe(ex), ToPosition(ex.Start), IsError: true));
                return new YamlReadResult(null, _map, _problems, isEmpty: false);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException)
            {
                // YamlDotNet's scanner throws these on some malformed input instead of a YamlException.
                var at = parser.Current is { } current ? ToPosition(current.End) : SourcePosition.Start;
                _problems.Add(new YamlProblem("yaml-syntax", "the YAML is malformed here: " + ex.Message, at, IsError: true));
                return new YamlReadResult(null, _map, _problems, isEmpty: false);
            }

            return new YamlReadResult(_haveRoot ? _root : null, _map, _problems, isEmpty: !_haveRoot);
        }

        private static string Describe(YamlException ex)
        {
            var message = ex.InnerException?.Message ?? ex.Message;
            // YamlDotNet prefixes "(Line: 1, Col: 2, Idx: 1) - (...)": positions are reported separately.
            var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
            return cut >= 0 ? message[(cut + 3)..] : message;
        }

        private static SourcePosition ToPosition(Mark mark) =>
            new((int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

        private bool Handle(ParsingEvent ev)
        {
            switch (ev)
            {
                case Scalar scalar:
                    if (_stack.Count > 0 && _stack.Peek().IsMapping && _stack.Peek().PendingKey is null)
                    {
                        var frame = _stack.Peek();
                        frame.PendingKey = scalar.Value;
                        frame.PendingKeyPosition = ToPosition(scalar.Start);
                        frame.PendingKeyIsMerge = scalar.Value == MergeKey && scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty;
                        _map.AddKey(SourceMap.Child(frame.Path, scalar.Value), ToPosition(scalar.Start));
                        return true;
                    }

                    var value = Resolve(scalar);
                    return Attach(value, 1, scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value, ToPosition(scalar.Start));

                case MappingStart mapping:
                    return Push(isMapping: true, mapping.Anchor.IsEmpty ? null : mapping.Anchor.Value, mapping.Start);

                case SequenceStart sequence:
                    return Push(isMapping: false, sequence.Anchor.IsEmpty ? null : sequence.Anchor.Value, sequence.Start);

                case MappingEnd or SequenceEnd:
                    var done = _stack.Pop();
                    object? container = done.IsMapping ? ApplyMerges(done) : done.Sequence;
                    return Attach(container, done.Nodes, done.Anchor, position: null, alreadyCounted: true);

                case AnchorAlias alias:
                    if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
                    {
                        _problems.Add(new YamlProblem("yaml-syntax", $"alias '*{alias.Value.Value}' refers to no anchor", ToPosition(alias.Start), IsError: true));
                        return false;
                    }

                    if (_totalNodes + anchored.Nodes > limits.MaxNodes)
                    {
                        _problems.Add(new YamlProblem(
                            "yaml-alias-bomb",
                            $"expanding alias '*{alias.Value.Value}' would make the document larger than {limits.MaxNodes} nodes (a YAML 'billion laughs' bomb?)",
                            ToPosition(alias.Start),
                            IsError: true));
                        return false;
                    }

                    if (_stack.Count > 0 && _stack.Peek().IsMapping && _stack.Peek().PendingKey is null)
                    {
                        _problems.Add(new YamlProblem("yaml-complex-key", "an alias cannot be used as a mapping key here", ToPosition(alias.Start), IsError: true));
                        return false;
                    }

                    return Attach(PlainValues.DeepClone(anchored.Value), anchored.Nodes, anchor: null, ToPosition(alias.Start));

                default:
                    return true;
            }
        }

        private bool Push(bool isMapping, string? anchor, Mark start)
        {
            string path;
            if (_stack.Count == 0)
            {
                path = string.Empty;
            }
            else
            {
                var parent = _stack.Peek();
                if (parent.IsMapping && parent.PendingKey is null)
                {
                    _problems.Add(new YamlProblem(
                        "yaml-complex-key",
                        "a mapping or sequence cannot be used as a mapping key",
                        ToPosition(start),
                        IsError: true));
                    return false;
                }

                path = parent.IsMapping ? SourceMap.Child(parent.Path, parent.PendingKey!) : SourceMap.Item(parent.Path, parent.Sequence!.Count);
            }

            if (_stack.Count >= limits.MaxDepth)
            {
                _problems.Add(new YamlProblem(
                    "yaml-depth",
                    $"the document is nested more than {limits.MaxDepth} levels deep",
                    ToPosition(start),
                    IsError: true));
                return false;
            }

            _map.AddValue(path, ToPosition(start));
            _totalNodes++;
            _stack.Push(new Frame
            {
                IsMapping = isMapping,
                Path = path,
                Anchor = anchor,
                Mapping = isMapping ? new Dictionary<string, object?>(StringComparer.Ordinal) : null,
                Sequence = isMapping ? null : [],
            });
            return CheckBudget(start);
        }

        private bool CheckBudget(Mark at)
        {
            if (_totalNodes <= limits.MaxNodes)
            {
                return true;
            }

            _problems.Add(new YamlProblem("yaml-too-large", $"the document holds more than {limits.MaxNodes} nodes", ToPosition(at), IsError: true));
            return false;
        }

        private bool Attach(object? value, long nodes, string? anchor, SourcePosition? position, bool alreadyCounted = false)
        {
            if (!alreadyCounted)
            {
                _totalNodes += nodes;
                if (_totalNodes > limits.MaxNodes)
                {
                    _problems.Add(new YamlProblem("yaml-too-large", $"the document holds more than {limits.MaxNodes} nodes", position ?? SourcePosition.Start, IsError: true));
                    return false;
                }
            }

            if (anchor is not null)
            {
                _anchors[anchor] = (value, nodes);
            }

            if (_stack.Count == 0)
            {
                _root = value;
                _haveRoot = true;
                if (position is { } rootPos)
                {
                    _map.AddValue(string.Empty, rootPos);
                }

                return true;
            }

            var parent = _stack.Peek();
            parent.Nodes += nodes;
            if (parent.IsMapping)
            {
                var key = parent.PendingKey!;
                var path = SourceMap.Child(parent.Path, key);
                if (position is { } p)
                {
                    _map.AddValue(path, p);
                }

                if (parent.PendingKeyIsMerge)
                {
                    parent.Merges ??= [];
                    parent.Merges.Add((value, position ?? _map.ValueAt(path)));
                }
                else
                {
                    if (parent.Mapping!.ContainsKey(key))
                    {
                        _problems.Add(new YamlProblem(
                            "yaml-duplicate-key",
                            $"key '{key}' appears more than once in this mapping; the last value is used",
                            parent.PendingKeyPosition,
                            IsError: false));
                    }

                    parent.Mapping[key] = value;
                }

                parent.PendingKey = null;
                parent.PendingKeyIsMerge = false;
            }
            else
            {
                if (position is { } p)
                {
                    _map.AddValue(SourceMap.Item(parent.Path, parent.Sequence!.Count), p);
                }

                parent.Sequence!.Add(value);
            }

            return true;
        }

        private Dictionary<string, object?> ApplyMerges(Frame frame)
        {
            if (frame.Merges is null)
            {
                return frame.Mapping!;
            }

            // PyYAML: merged mappings come first (earlier ones in a list win), explicit keys override.
            var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
            var sources = new List<Dictionary<string, object?>>();
            foreach (var (value, position) in frame.Merges)
            {
                switch (value)
                {
                    case Dictionary<string, object?> dict:
                        sources.Add(dict);
                        break;
                    case List<object?> list when list.All(i => i is Dictionary<string, object?>):
                        sources.AddRange(list.Cast<Dictionary<string, object?>>());
                        break;
                    default:
                        _problems.Add(new YamlProblem("yaml-merge", "a merge key '<<' needs a mapping or a list of mappings", position, IsError: true));
                        break;
                }
            }

            for (var i = sources.Count - 1; i >= 0; i--)
            {
                foreach (var (key, value) in sources[i])
                {
                    merged[key] = value;
                }
            }

            foreach (var (key, value) in frame.Mapping!)
            {
                merged[key] = value;
            }

            return merged;
        }

        private object? Resolve(Scalar scalar)
        {
            var text = scalar.Value;
            if (!scalar.Tag.IsEmpty)
            {
                var tag = scalar.Tag.Value;
                switch (tag)
                {
                    case "tag:yaml.org,2002:str" or "!":
                        return text;
                    case "tag:yaml.org,2002:int":
                        return ParseInt(text) ?? (object)text;
                    case "tag:yaml.org,2002:float":
                        return ParseFloat(text) ?? (object)text;
                    case "tag:yaml.org,2002:bool":
                        return BoolPattern.IsMatch(text) ? ParseBool(text) : text;
                    case "tag:yaml.org,2002:null":
                        return null;
                    case "tag:yaml.org,2002:binary" or "tag:yaml.org,2002:timestamp":
                        return text;
                    default:
                        _problems.Add(new YamlProblem(
                            "yaml-unknown-tag",
                            $"tag '{tag}' is not a standard YAML tag; StackStorm's safe loader rejects it",
                            ToPosition(scalar.Start),
                            IsError: true));
                        return text;
                }
            }

            if (scalar.Style != ScalarStyle.Plain)
            {
                return text;
            }

            if (text.Length == 0 || NullPattern.IsMatch(text))
            {
                return null;
            }

            var first = text[0];
            if ("yYnNtTfFoO".Contains(first, StringComparison.Ordinal) && BoolPattern.IsMatch(text))
            {
                return ParseBool(text);
            }

            if ("-+0123456789.".Contains(first, StringComparison.Ordinal))
            {
                if (FloatPattern.IsMatch(text))
                {
                    return ParseFloat(text) ?? (object)text;
                }

                if (IntPattern.IsMatch(text))
                {
                    return ParseInt(text) ?? (object)text;
                }
            }

            return text;
        }

        private static bool ParseBool(string text) => text.ToUpperInvariant() is "YES" or "TRUE" or "ON";

        private static object? ParseInt(string text)
        {
            var value = text.Replace("_", string.Empty, StringComparison.Ordinal);
            var sign = 1L;
            if (value.StartsWith('-'))
            {
                sign = -1;
                value = value[1..];
            }
            else if (value.StartsWith('+'))
            {
                value = value[1..];
            }

            try
            {
                if (value == "0")
                {
                    return 0L;
                }

                if (value.StartsWith("0b", StringComparison.Ordinal))
                {
                    return sign * Convert.ToInt64(value[2..], 2);
                }

                if (value.StartsWith("0x", StringComparison.Ordinal))
                {
                    return sign * long.Parse(value[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                }

                if (value.StartsWith('0'))
                {
                    return sign * Convert.ToInt64(value[1..], 8);
                }

                if (value.Contains(':', StringComparison.Ordinal))
                {
                    long result = 0;
                    foreach (var part in value.Split(':'))
                    {
                        result = checked((result * 60) + long.Parse(part, CultureInfo.InvariantCulture));
                    }

                    return sign * result;
                }

                if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
                {
                    return sign * l;
                }

                // Python ints are unbounded; beyond long the nearest double keeps the magnitude.
                return sign * double.Parse(value, CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
            {
                return null;
            }
        }

        private static double? ParseFloat(string text)
        {
            var value = text.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
            var sign = 1.0;
            if (value.StartsWith('-'))
            {
                sign = -1;
                value = value[1..];
            }
            else if (value.StartsWith('+'))
            {
                value = value[1..];
            }

            if (value == ".inf")
            {
                return sign * double.PositiveInfinity;
            }

            if (value == ".nan")
            {
                return double.NaN;
            }

            if (value.Contains(':', StringComparison.Ordinal))
            {
                double result = 0;
                foreach (var part in value.Split(':'))
                {
                    result = (result * 60) + double.Parse(part, CultureInfo.InvariantCulture);
                }

                return sign * result;
            }

            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? sign * d : null;
        }
    }
}
