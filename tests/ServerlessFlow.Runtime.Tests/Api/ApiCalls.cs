using System.Text;
using ServerlessFlow.Runtime.Api;

namespace ServerlessFlow.Runtime.Tests.Api;

/// <summary>Builds <see cref="ApiRequest"/>s for handler tests.</summary>
internal static class ApiCalls
{
    public static ApiRequest Get(string path = "", params (string Name, string Value)[] query) => new()
    {
        Method = "GET",
        Path = path,
        Query = query.ToDictionary(q => q.Name, q => q.Value, StringComparer.Ordinal),
    };

    public static ApiRequest With(string method, string path, string? body = null, params (string Name, string Value)[] headers)
    {
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        return new ApiRequest
        {
            Method = method,
            Path = path,
            Headers = headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase),
            Body = new MemoryStream(bytes),
            ContentLength = bytes.Length,
        };
    }

    public static Dictionary<string, object?> Object(ApiResult result) => Assert.IsType<Dictionary<string, object?>>(result.Body);

    public static List<object?> List(ApiResult result) => Assert.IsType<List<object?>>(result.Body);

    public static string Fault(ApiResult result) => Assert.IsType<string>(Object(result)["faultstring"]);

    public static IEnumerable<string> Ids(ApiResult result) => List(result).Select(i => (string)((Dictionary<string, object?>)i!)["id"]!);
}
