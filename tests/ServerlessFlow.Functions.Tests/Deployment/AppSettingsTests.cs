using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using ServerlessFlow.Functions.Configuration;

namespace ServerlessFlow.Functions.Tests.Deployment;

public sealed partial class AppSettingsTests
{
    [Fact]
    public void Template_EverySettingTheCodeReads_IsSet()
    {
        var required = RequiredSettings();
        var set = CompiledTemplate.Main.FunctionAppSettingNames();

        Assert.Empty(Missing(required, set));
    }

    [Fact]
    public void RequiredSettings_IncludesConstantsBindingExpressionsConnectionsAndHostJson()
    {
        var required = RequiredSettings();

        Assert.Contains(AppSettingNames.WebhookAuth, required);                       // a constant
        Assert.Contains("SFLOW_TRIGGER_QUEUE", required);                             // %…% in functions.metadata
        Assert.Contains("connection:" + AppSettingNames.TriggerQueueConnection, required); // a binding connection
        Assert.Contains("connection:AzureWebJobsStorage", required);                  // the host's own storage
    }

    [Fact]
    public void Missing_SettingAbsentFromTemplate_IsReported()
    {
        var set = new HashSet<string>(StringComparer.Ordinal) { "A", "Conn__queueServiceUri" };

        Assert.Equal(["B", "connection:Other"], Missing(["A", "B", "connection:Conn", "connection:Other"], set));
    }

    [Fact]
    public void Template_FlexConsumptionForbiddenSettings_AreNotSet()
    {
        // Flex Consumption takes the runtime from functionAppConfig and rejects these settings.
        var set = CompiledTemplate.Main.FunctionAppSettingNames();

        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", set);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", set);
        Assert.DoesNotContain("WEBSITE_RUN_FROM_PACKAGE", set);
        Assert.DoesNotContain(set, name => name.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase) && name != "APPLICATIONINSIGHTS_CONNECTION_STRING");
    }

    /// <summary>Setting names the app reads: the AppSettingNames constants, %name% expressions in
    /// functions.metadata and host.json, and each binding connection (as "connection:Name", satisfied by
    /// Name or Name__*), plus AzureWebJobsStorage, which the host always reads.</summary>
    private static SortedSet<string> RequiredSettings()
    {
        var required = new SortedSet<string>(StringComparer.Ordinal) { "connection:AzureWebJobsStorage" };
        foreach (var field in typeof(AppSettingNames).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var name = (string)field.GetRawConstantValue()!;
            var isConnection = field.Name.EndsWith("Connection", StringComparison.Ordinal) && !name.Contains('_', StringComparison.Ordinal);
            required.Add(isConnection ? "connection:" + name : name);
        }

        var metadata = File.ReadAllText(TestPaths.FunctionsMetadata);
        var hostJson = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "host.json"));
        foreach (var text in new[] { metadata, hostJson })
        {
            foreach (Match match in BindingExpression().Matches(text))
            {
                required.Add(match.Groups[1].Value);
            }
        }

        using var document = JsonDocument.Parse(metadata);
        foreach (var function in document.RootElement.EnumerateArray())
        {
            foreach (var binding in function.GetProperty("bindings").EnumerateArray())
            {
                if (binding.TryGetProperty("connection", out var connection))
                {
                    required.Add("connection:" + connection.GetString());
                }
            }
        }

        return required;
    }

    private static List<string> Missing(IEnumerable<string> required, IReadOnlySet<string> set) =>
        required.Where(name => name.StartsWith("connection:", StringComparison.Ordinal)
                ? !set.Contains(name["connection:".Length..]) && !set.Any(s => s.StartsWith(name["connection:".Length..] + "__", StringComparison.Ordinal))
                : !set.Contains(name))
            .ToList();

    [GeneratedRegex("%([A-Za-z_][A-Za-z0-9_:]*)%")]
    private static partial Regex BindingExpression();
}
