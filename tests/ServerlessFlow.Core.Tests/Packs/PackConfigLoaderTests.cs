using ServerlessFlow.Core.Packs;
using static ServerlessFlow.Core.Tests.Packs.PackFixture;

namespace ServerlessFlow.Core.Tests.Packs;

public class PackConfigLoaderTests
{
    // The schema of st2's examples pack (examples/config.schema.yaml), plus an enum and an integer.
    private const string Schema = """
        api_key:
          description: API key
          type: string
          secret: true
          required: true
        region:
          type: string
          required: true
          default: us-east-1
        tier:
          type: string
          enum: [free, paid]
        retries:
          type: integer
          default: 3
        """;

    private static PackSpec Pack() => Load(("config.schema.yaml", Schema)).Pack;

    [Fact]
    public void Load_CompleteConfig_FillsDefaultsAndReportsNothing()
    {
        var result = PackConfigLoader.Load(Pack(), "configs/demo.yaml", "api_key: '{{ st2kv.system.key }}'\ntier: paid\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal("{{ st2kv.system.key }}", result.Values["api_key"]);
        Assert.Equal("us-east-1", result.Values["region"]);
        Assert.Equal(3L, result.Values["retries"]);
        Assert.Equal("paid", result.Values["tier"]);
    }

    [Fact]
    public void Load_BadConfig_ReportsMissingWrongTypeEnumAndUnknownKeys()
    {
        var result = PackConfigLoader.Load(Pack(), "configs/demo.yaml", "region: ~\ntier: gold\nretries: many\nextra: 1\n");

        Assert.Equal(
            [
                "configs/demo.yaml:1:1: error missing-field: the configuration of pack 'demo' is missing 'api_key', which config.schema.yaml requires",
                "configs/demo.yaml:1:9: error missing-field: 'region' is required by pack 'demo''s config.schema.yaml but is empty",
                "configs/demo.yaml:2:7: error invalid-value: 'tier' is a string ('gold'); it must be one of: free, paid",
                "configs/demo.yaml:3:10: error wrong-type: 'retries' must be of type 'integer', not a string ('many')",
                "configs/demo.yaml:4:1: warning unknown-field: 'extra' is not in pack 'demo''s config.schema.yaml",
            ],
            Lines(result.Diagnostics));
        Assert.True(result.HasErrors);
    }

    [Fact]
    public void Load_BrokenOrEmptyYaml_ReportsOrUsesDefaults()
    {
        var broken = PackConfigLoader.Load(Pack(), "c.yaml", "api_key: [\n");
        Assert.Equal("yaml-syntax", Assert.Single(broken.Diagnostics).Code);

        var empty = PackConfigLoader.Load(Pack(), "c.yaml", string.Empty);
        Assert.Equal(["c.yaml:1:1: error missing-field: the configuration of pack 'demo' is missing 'api_key', which config.schema.yaml requires"], Lines(empty.Diagnostics));
        Assert.Equal("us-east-1", empty.Values["region"]);

        var list = PackConfigLoader.Load(Pack(), "c.yaml", "- a\n");
        Assert.Contains(list.Diagnostics, d => d.Code == "not-a-mapping");
    }
}
