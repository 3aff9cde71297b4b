using ServerlessFlow.Azure.Storage;

namespace ServerlessFlow.Azure.Tests.Support;

public sealed class AzuriteProcessTests
{
    [Fact]
    public void FindAzuriteScript_NodeModulesMissing_SaysToRunNpmCi()
    {
        var root = Directory.CreateTempSubdirectory("sflow-noazurite-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "package.json"), "{}");
            var nested = Directory.CreateDirectory(Path.Combine(root, "bin", "Debug")).FullName;
            var ex = Assert.Throws<InvalidOperationException>(() => AzuriteProcess.FindAzuriteScript(nested));
            Assert.Contains("npm ci", ex.Message, StringComparison.Ordinal);
            Assert.Contains(root, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }
}
