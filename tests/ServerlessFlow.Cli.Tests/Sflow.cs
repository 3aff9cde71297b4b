using System.Text.Json;

namespace ServerlessFlow.Cli.Tests;

/// <summary>Runs the <c>sflow</c> command in-process with its output captured, as the command tests call it.</summary>
internal static class Sflow
{
    /// <summary>Runs <c>sflow args…</c>; standard output comes back with "\n" line endings.</summary>
    public static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await SflowCommand.RunAsync(args, output, error);
        return (exit, output.ToString().ReplaceLineEndings("\n"), error.ToString());
    }

    /// <summary>Writes <paramref name="fileContent"/> to a temporary file, runs <c>sflow</c> with the arguments
    /// <paramref name="args"/> makes from that file's path, and parses standard output as JSON.</summary>
    public static async Task<JsonElement> RunJsonWithFileAsync(string fileContent, Func<string, string[]> args)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, fileContent);
            var (_, output, _) = await RunAsync(args(file));
            using var json = JsonDocument.Parse(output);
            return json.RootElement.Clone();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
