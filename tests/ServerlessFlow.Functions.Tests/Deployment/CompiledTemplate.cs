using System.Text.Json;

namespace ServerlessFlow.Functions.Tests.Deployment;

/// <summary>infra/main.bicep compiled to ARM JSON by the real bicep binary, with the Function App's
/// application settings read from it (not from the Bicep text, so formatting cannot fool the test).</summary>
internal sealed class CompiledTemplate
{
    private static readonly Lazy<CompiledTemplate> Repository = new(() => Compile(TestPaths.Infra));

    private CompiledTemplate(JsonElement root) => Root = root;

    public static CompiledTemplate Main => Repository.Value;

    public JsonElement Root { get; }

    public static CompiledTemplate Compile(string infraFolder)
    {
        var result = BicepCli.Run("build", Path.Combine(infraFolder, "main.bicep"), "--stdout");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("bicep build failed: " + result.Error);
        }

        using var document = JsonDocument.Parse(result.Output);
        return new CompiledTemplate(document.RootElement.Clone());
    }

    /// <summary>Names of every application setting the Function App gets: the module's own base settings
    /// plus the appSettings object main.bicep passes in (the site takes their union).</summary>
    public IReadOnlySet<string> FunctionAppSettingNames()
    {
        var module = Deployment("functionapp");
        var template = module.GetProperty("properties").GetProperty("template");
        var site = Resources(template).Single(r => r.GetProperty("type").GetString() == "Microsoft.Web/sites");
        var siteText = site.GetRawText();
        if (!siteText.Contains("items(variables('allSettings'))", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The site's appSettings no longer come from variables('allSettings'); update this test.");
        }

        var allSettings = template.GetProperty("variables").GetProperty("allSettings").GetString();
        if (allSettings != "[union(variables('baseSettings'), parameters('appSettings'))]")
        {
            throw new InvalidOperationException($"allSettings is {allSettings}; update this test.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in template.GetProperty("variables").GetProperty("baseSettings").EnumerateObject())
        {
            names.Add(property.Name);
        }

        foreach (var property in module.GetProperty("properties").GetProperty("parameters").GetProperty("appSettings").GetProperty("value").EnumerateObject())
        {
            names.Add(property.Name);
        }

        return names;
    }

    public JsonElement Deployment(string name) =>
        Resources(Root).Single(r => r.GetProperty("type").GetString() == "Microsoft.Resources/deployments" && r.GetProperty("name").GetString() == name);

    public static IEnumerable<JsonElement> Resources(JsonElement template)
    {
        var resources = template.GetProperty("resources");
        return resources.ValueKind == JsonValueKind.Object
            ? resources.EnumerateObject().Select(p => p.Value).ToList()
            : resources.EnumerateArray().ToList();
    }
}
