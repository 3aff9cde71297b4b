using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
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
    public void LocalSettingsExample_BindingExpressionsAndConnections_AreSet()
    {
        // func start reads local.settings.json (copied from the example): every %setting% of functions.metadata and
        // host.json and every binding connection must be there, or the host refuses to index the function.
        var values = LocalSettingsExample();
        var local = BindingSettings();

        Assert.Contains("SFLOW_TIMER_SCHEDULE", local);
        Assert.Empty(Missing(local, values.Keys.ToHashSet(StringComparer.Ordinal)));
        Assert.Equal("dotnet-isolated", values["FUNCTIONS_WORKER_RUNTIME"]);
    }

    [Fact]
    public void LocalSettingsExample_Values_AreValidSettings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(LocalSettingsExample()!).Build();

        var settings = FunctionSettings.Read(configuration);

        Assert.Equal(TriggerBusKind.StorageQueue, settings.TriggerBus);
        Assert.Equal("sflow-triggers", settings.TriggerQueue);
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
        var required = BindingSettings();
        foreach (var field in typeof(AppSettingNames).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var name = (string)field.GetRawConstantValue()!;
            var isConnection = field.Name.EndsWith("Connection", StringComparison.Ordinal) && !name.Contains('_', StringComparison.Ordinal);
            required.Add(isConnection ? "connection:" + name : name);
        }

        return required;
    }

    /// <summary>What the host itself reads for this build: %name% expressions in functions.metadata and host.json, each
    /// binding connection ("connection:Name") and AzureWebJobsStorage.</summary>
    private static SortedSet<string> BindingSettings()
    {
        var required = new SortedSet<string>(StringComparer.Ordinal) { "connection:AzureWebJobsStorage" };
        foreach (var text in BindingTexts())
        {
            foreach (Match match in BindingExpression().Matches(text))
            {
                required.Add(match.Groups[1].Value);
            }
        }

        using var document = JsonDocument.Parse(File.ReadAllText(TestPaths.FunctionsMetadata));
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

    /// <summary>functions.metadata and host.json, where <c>%setting%</c> expressions are.</summary>
    private static string[] BindingTexts() =>
        [File.ReadAllText(TestPaths.FunctionsMetadata), File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "host.json"))];

    /// <summary>The <c>Values</c> of <c>functions/ServerlessFlow.Functions/local.settings.json.example</c>.</summary>
    private static Dictionary<string, string> LocalSettingsExample()
    {
        var path = Path.Combine(TestPaths.RepositoryRoot, "functions", "ServerlessFlow.Functions", "local.settings.json.example");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }

    private static List<string> Missing(IEnumerable<string> required, IReadOnlySet<string> set) =>
        required.Where(name => name.StartsWith("connection:", StringComparison.Ordinal)
                ? !set.Contains(name["connection:".Length..]) && !set.Any(s => s.StartsWith(name["connection:".Length..] + "__", StringComparison.Ordinal))
                : !set.Contains(name))
            .ToList();

    [GeneratedRegex("%([A-Za-z_][A-Za-z0-9_:]*)%")]
    private static partial Regex BindingExpression();
}
