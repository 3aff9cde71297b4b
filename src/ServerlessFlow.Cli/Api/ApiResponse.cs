namespace ServerlessFlow.Cli.Api;

/// <summary>One answer of the <c>sflow serve</c> API: the HTTP status and the parsed JSON body (null when empty).</summary>
internal sealed record ApiResponse(int StatusCode, object? Body)
{
    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>The server's <c>faultstring</c>, or a generic line.</summary>
    public string Fault => Body is Dictionary<string, object?> d && d.GetValueOrDefault("faultstring") is string s ? s : $"HTTP {StatusCode}";
}
