namespace ServerlessFlow.Core.Values;

/// <summary>What <see cref="YamlValueReader"/> made of a YAML text: the plain value, where each
/// node came from, and the problems found (the value is null when the text could not be read).</summary>
public sealed class YamlReadResult
{
    internal YamlReadResult(object? value, SourceMap sourceMap, IReadOnlyList<YamlProblem> problems, bool isEmpty)
    {
        Value = value;
        SourceMap = sourceMap;
        Problems = problems;
        IsEmpty = isEmpty;
    }

    /// <summary>The document's value in the plain model (null for an empty document or a fatal error).</summary>
    public object? Value { get; }

    /// <summary>Positions of nodes by path (<c>tasks.task1.next[0].do</c>).</summary>
    public SourceMap SourceMap { get; }

    /// <summary>Errors and warnings met while reading.</summary>
    public IReadOnlyList<YamlProblem> Problems { get; }

    /// <summary>True when the text held no document at all.</summary>
    public bool IsEmpty { get; }

    /// <summary>True when a fatal problem stopped reading.</summary>
    public bool HasErrors => Problems.Any(p => p.IsError);
}

/// <summary>One problem met while reading YAML.</summary>
/// <param name="Code">A stable code (<c>yaml-syntax</c>, <c>yaml-depth</c>, <c>yaml-alias-bomb</c>, <c>yaml-duplicate-key</c>…).</param>
/// <param name="Message">What is wrong, for a pack author.</param>
/// <param name="Position">Where it is.</param>
/// <param name="IsError">False for warnings (the value is still usable).</param>
public sealed record YamlProblem(string Code, string Message, SourcePosition Position, bool IsError);
