using Microsoft.AspNetCore.Http;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Cli.Serve;

/// <summary>JSON answers in StackStorm's shapes (records as plain JSON, errors as <c>{"faultstring": …}</c>).</summary>
internal static class ServeResults
{
    /// <summary>A plain value (dictionaries, lists, scalars) as JSON.</summary>
    public static IResult Json(object? value, int statusCode = StatusCodes.Status200OK) =>
        Results.Text(JsonText.Serialize(value), "application/json", statusCode: statusCode);

    /// <summary>An error answer.</summary>
    public static IResult Fault(int statusCode, string message) =>
        Json(new Dictionary<string, object?>(StringComparer.Ordinal) { ["faultstring"] = message }, statusCode);
}
