namespace ServerlessFlow.Runtime.Api;

/// <summary>One resource of the read/run API (<c>/api/v1/{Name}/…</c>): routes the rest of the path and the method itself.</summary>
public interface IApiResource
{
    /// <summary>The resource's path segment, e.g. <c>executions</c>.</summary>
    string Name { get; }

    /// <summary>Whether <c>include_attributes</c> / <c>exclude_attributes</c> apply to this resource's answers (StackStorm's
    /// webhooks and stream ignore them).</summary>
    bool SelectsAttributes => true;

    /// <summary>Answers one request for this resource. Never throws for bad input: the answer says what was wrong.</summary>
    Task<ApiResult> HandleAsync(ApiRequest request, CancellationToken cancellationToken);
}
