namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>The merge of the first <see cref="Count"/> contexts of a context index list, so that a
/// task whose list only grew merges just the new tail (keeps transitions flat as workflows grow).</summary>
internal sealed record MergedContextCache(int Count, int Last, Dictionary<string, object?> Value);
