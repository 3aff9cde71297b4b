using System.Globalization;
using System.Text;
using ServerlessFlow.Runtime.Webhooks;

namespace ServerlessFlow.Runtime.Tests.Webhooks;

public sealed class WebhookAuthenticatorTests
{
    private const string ApiKey = "api-key-0123456789";
    private const string GitHubSecret = "It's a Secret to Everybody";
    private const string SharedSecret = "shared-secret-value";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("Hello, World!");

    private static WebhookAuthenticator Create() => new(
        WebhookAuthSettings.Parse(
            "{\"github\": {\"scheme\": \"github\", \"secret\": \"" + GitHubSecret + "\"}, \"/alerts/\": {\"scheme\": \"shared-secret\", \"secret\": \"" + SharedSecret + "\"}}",
            ApiKey),
        WebhookLimits.Default);

    private static Dictionary<string, string> Headers(params (string Name, string Value)[] headers)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            result[name] = value;
        }

        return result;
    }

    [Fact]
    public void GitHubSignature_DocumentedExample_MatchesGitHubValue()
    {
        // The worked example in GitHub's "Validating webhook deliveries" documentation.
        Assert.Equal(
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            WebhookAuthenticator.GitHubSignature(GitHubSecret, Body));
    }

    [Fact]
    public void Authenticate_ApiKeyHeader_Accepted()
    {
        Assert.Null(Create().Authenticate("sample", Headers(("st2-api-key", ApiKey)), null, Body, Now));
    }

    [Fact]
    public void Authenticate_ApiKeyQuery_Accepted()
    {
        Assert.Null(Create().Authenticate("sample", Headers(), ApiKey, Body, Now));
    }

    [Fact]
    public void Authenticate_NoApiKey_Returns401()
    {
        Assert.Equal(401, Create().Authenticate("sample", Headers(), null, Body, Now)!.StatusCode);
    }

    [Fact]
    public void Authenticate_WrongApiKey_Returns403()
    {
        Assert.Equal(403, Create().Authenticate("sample", Headers(("St2-Api-Key", "nope")), null, Body, Now)!.StatusCode);
    }

    [Fact]
    public void Authenticate_NoApiKeyConfigured_RefusesEveryKey()
    {
        var authenticator = new WebhookAuthenticator(WebhookAuthSettings.Parse(null, null), WebhookLimits.Default);

        Assert.Equal(403, authenticator.Authenticate("sample", Headers(("St2-Api-Key", "")), "anything", Body, Now)!.StatusCode);
    }

    [Fact]
    public void Authenticate_GitHubValidSignature_Accepted()
    {
        var headers = Headers(("X-Hub-Signature-256", WebhookAuthenticator.GitHubSignature(GitHubSecret, Body)));

        Assert.Null(Create().Authenticate("/github", headers, null, Body, Now));
    }

    [Fact]
    public void Authenticate_GitHubUnsigned_Returns401EvenWithApiKey()
    {
        var rejection = Create().Authenticate("github", Headers(("St2-Api-Key", ApiKey)), null, Body, Now);

        Assert.Equal(401, rejection!.StatusCode);
        Assert.Contains("X-Hub-Signature-256", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticate_GitHubWrongSignature_Returns403()
    {
        var headers = Headers(("X-Hub-Signature-256", WebhookAuthenticator.GitHubSignature("other secret", Body)));

        Assert.Equal(403, Create().Authenticate("github", headers, null, Body, Now)!.StatusCode);
    }

    [Fact]
    public void Authenticate_GitHubSignatureOfOtherBody_Returns403()
    {
        var headers = Headers(("X-Hub-Signature-256", WebhookAuthenticator.GitHubSignature(GitHubSecret, Body)));

        Assert.Equal(403, Create().Authenticate("github", headers, null, Encoding.UTF8.GetBytes("Hello, World?"), Now)!.StatusCode);
    }

    [Fact]
    public void Authenticate_GitHubSha1Header_Returns403()
    {
        Assert.Equal(403, Create().Authenticate("github", Headers(("X-Hub-Signature-256", "sha1=abc")), null, Body, Now)!.StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-299)]
    [InlineData(299)]
    public void Authenticate_SharedSecretInsideWindow_Accepted(int offsetSeconds)
    {
        var timestamp = Now.AddSeconds(offsetSeconds).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var headers = Headers(("X-Sflow-Timestamp", timestamp), ("X-Sflow-Signature", WebhookAuthenticator.SharedSecretSignature(SharedSecret, timestamp, Body)));

        Assert.Null(Create().Authenticate("alerts", headers, null, Body, Now));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86400)]
    public void Authenticate_SharedSecretReplayedOutsideWindow_Returns403(int offsetSeconds)
    {
        var timestamp = Now.AddSeconds(offsetSeconds).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var headers = Headers(("X-Sflow-Timestamp", timestamp), ("X-Sflow-Signature", WebhookAuthenticator.SharedSecretSignature(SharedSecret, timestamp, Body)));

        var rejection = Create().Authenticate("alerts", headers, null, Body, Now);

        Assert.Equal(403, rejection!.StatusCode);
        Assert.Contains("replay window", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticate_SharedSecretTimestampChangedAfterSigning_Returns403()
    {
        var signedAt = Now.AddHours(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var fresh = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var headers = Headers(("X-Sflow-Timestamp", fresh), ("X-Sflow-Signature", WebhookAuthenticator.SharedSecretSignature(SharedSecret, signedAt, Body)));

        var rejection = Create().Authenticate("alerts", headers, null, Body, Now);

        Assert.Equal(403, rejection!.StatusCode);
        Assert.Contains("Invalid signature", rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-Sflow-Timestamp")]
    [InlineData("X-Sflow-Signature")]
    public void Authenticate_SharedSecretMissingHeader_Returns401(string present)
    {
        Assert.Equal(401, Create().Authenticate("alerts", Headers((present, "1")), null, Body, Now)!.StatusCode);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("12.5")]
    [InlineData("99999999999999999999")]
    public void Authenticate_SharedSecretBadTimestamp_Returns403(string timestamp)
    {
        var headers = Headers(("X-Sflow-Timestamp", timestamp), ("X-Sflow-Signature", WebhookAuthenticator.SharedSecretSignature(SharedSecret, timestamp, Body)));

        Assert.Equal(403, Create().Authenticate("alerts", headers, null, Body, Now)!.StatusCode);
    }

    [Theory]
    [InlineData("not json", "SFLOW_WEBHOOK_AUTH is not valid JSON")]
    [InlineData("[]", "must be a JSON object keyed by webhook url, got array")]
    [InlineData("{\"gh\": 1}", "webhook \"gh\" must be an object")]
    [InlineData("{\"gh\": {\"scheme\": \"gitlab\", \"secret\": \"s\"}}", "webhook \"gh\" has scheme \"gitlab\"")]
    [InlineData("{\"gh\": {\"secret\": \"s\"}}", "webhook \"gh\" has scheme missing")]
    [InlineData("{\"gh\": {\"scheme\": \"github\"}}", "webhook \"gh\" needs a non-empty string \"secret\"")]
    [InlineData("{\"gh\": {\"scheme\": \"github\", \"secret\": \"s\", \"window\": 5}}", "unknown field \"window\"")]
    [InlineData("{\"st2\": {\"scheme\": \"github\", \"secret\": \"s\"}}", "\"st2\" cannot carry a signature check")]
    public void Parse_BadSettings_ThrowsNamingSettingAndWebhook(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => WebhookAuthSettings.Parse(json, ApiKey));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"s\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SignatureSettings_ToString_HidesSecret()
    {
        Assert.DoesNotContain(GitHubSecret, new WebhookSignatureSettings(WebhookSignatureScheme.GitHub, GitHubSecret).ToString(), StringComparison.Ordinal);
    }
}
