using System.CommandLine;
using System.Text.Json;
using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Orquesta.Inspection;
using ServerlessFlow.Core.Orquesta.Rehearsal;
using ServerlessFlow.Core.Orquesta.Specs;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Cli;

/// <summary><c>sflow workflow inspect FILE</c>, <c>sflow workflow rehearse FILE --case CASE.json</c> and <c>sflow workflow
/// convert MISTRAL.yaml</c>: Orquesta workflow checks, unit tests and conversion from Mistral for pack authors, without
/// running any action.</summary>
internal static class WorkflowCommand
{
    private static readonly string[] DefaultAppContext = ["st2", "parent"];

    /// <summary>Builds the <c>workflow</c> command group.</summary>
    public static Command Build(CliContext context)
    {
        var group = new Command("workflow", "Inspect and rehearse Orquesta workflows.");
        group.Subcommands.Add(BuildInspect(context));
        group.Subcommands.Add(BuildRehearse(context));
        group.Subcommands.Add(BuildConvert(context));
        return group;
    }

    private static Command BuildInspect(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The Orquesta workflow definition (YAML)." };
        var json = new Option<bool>("--json") { Description = "Print the errors as a JSON list of {type, path, message, line, column}." };
        var appContext = new Option<string[]>("--app-context")
        {
            Description = "Variables the application provides to ctx() (default: st2, parent, as StackStorm does).",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("inspect", "Check a workflow: syntax, semantics, expressions and context (exit 0 valid, 1 invalid).") { file, json, appContext };
        command.SetAction(parse => Inspect(context, parse.GetValue(file)!, parse.GetValue(json), parse.GetValue(appContext)));
        return command;
    }

    private static Command BuildRehearse(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The Orquesta workflow definition (YAML)." };
        var testCase = new Option<FileInfo>("--case") { Description = "A JSON test case: {input, mock: [{task, status, result, item_id?, seq_id?, num_iter?}], expected_*?}.", Required = true };
        var command = new Command("rehearse", "Run a workflow with mocked action results and print {sequence, status, output, errors}.") { file, testCase };
        command.SetAction(parse => Rehearse(context, parse.GetValue(file)!, parse.GetValue(testCase)!));
        return command;
    }

    private static Command BuildConvert(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The Mistral v2 workflow (or workbook) definition (YAML)." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the Orquesta workflow here instead of standard output." };
        var workflow = new Option<string?>("--workflow") { Description = "Which workflow of a workbook to convert (default: the only one, or 'main')." };
        var command = new Command(
            "convert",
            "Convert a Mistral v2 workflow into Orquesta where the mapping is mechanical; what could not be converted is listed line by line on standard error (exit 0 complete, 1 partly converted, 2 not a Mistral workflow).")
        {
            file, output, workflow,
        };
        command.SetAction(parse => Convert(context, parse.GetValue(file)!, parse.GetValue(output), parse.GetValue(workflow)));
        return command;
    }

    /// <summary>Converts and prints; returns 0 when complete, 1 when something was not converted, 2 on bad input.</summary>
    public static int Convert(CliContext context, FileInfo file, FileInfo? output, string? workflow)
    {
        if (!file.Exists)
        {
            context.Error.WriteLine($"error: workflow file '{file.FullName}' does not exist.");
            return 2;
        }

        Core.Mistral.MistralConversion conversion;
        try
        {
            conversion = Core.Mistral.MistralConverter.Convert(File.ReadAllText(file.FullName), workflow);
        }
        catch (Core.Mistral.MistralConversionException ex)
        {
            context.Error.WriteLine($"error: {file.Name}: {ex.Message}");
            return 2;
        }

        if (output is null)
        {
            context.Out.Write(conversion.OrquestaYaml);
        }
        else
        {
            File.WriteAllText(output.FullName, conversion.OrquestaYaml);
        }

        foreach (var note in conversion.Notes)
        {
            context.Error.WriteLine($"{file.Name}:{note.Position.Line}:{note.Position.Column}: not converted: {note.Message}");
        }

        context.Error.WriteLine(conversion.Complete
            ? $"{file.Name}: workflow '{conversion.WorkflowName}' converted completely"
            : $"{file.Name}: workflow '{conversion.WorkflowName}' converted with {conversion.Notes.Count} part(s) left to do by hand");
        return conversion.Complete ? 0 : 1;
    }

    private static WorkflowSpec? Load(CliContext context, FileInfo file)
    {
        if (!file.Exists)
        {
            context.Error.WriteLine($"error: workflow file '{file.FullName}' does not exist.");
            return null;
        }

        try
        {
            return WorkflowSpec.Parse(File.ReadAllText(file.FullName));
        }
        catch (WorkflowSpecException ex)
        {
            context.Error.WriteLine($"error: {file.FullName}: {ex.Message}");
            return null;
        }
    }

    /// <summary>Inspects and prints; returns the exit code.</summary>
    public static int Inspect(CliContext context, FileInfo file, bool json, string[]? appContext)
    {
        var spec = Load(context, file);
        if (spec is null)
        {
            return 1;
        }

        var inspection = WorkflowInspector.Inspect(spec, EngineExpressionEvaluator.Default, appContext is { Length: > 0 } ? appContext : DefaultAppContext);
        if (json)
        {
            var list = inspection.All.Select(x =>
            {
                var position = PositionOf(spec, x.Error.SpecPath);
                return (object?)new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["type"] = x.Category,
                    ["path"] = x.Error.SpecPath,
                    ["message"] = x.Error.Message,
                    ["line"] = (long)position.Line,
                    ["column"] = (long)position.Column,
                };
            }).ToList();
            context.Out.WriteLine(JsonText.Serialize(list, indented: true));
        }
        else if (inspection.IsValid)
        {
            context.Out.WriteLine($"{file.Name}: valid");
        }
        else
        {
            foreach (var (category, error) in inspection.All)
            {
                var position = PositionOf(spec, error.SpecPath);
                context.Out.WriteLine($"{file.Name}:{position.Line}:{position.Column}: {category}: {error.SpecPath ?? "(root)"}: {error.Message}");
            }
        }

        return inspection.IsValid ? 0 : 1;
    }

    /// <summary>Where a spec path is in the file; an input written inline in <c>action</c> points at the action.</summary>
    private static SourcePosition PositionOf(WorkflowSpec spec, string? specPath)
    {
        var path = specPath ?? string.Empty;
        if (!spec.SourceMap.Contains(path) && path.EndsWith(".input", StringComparison.Ordinal))
        {
            var action = path[..^".input".Length] + ".action";
            if (spec.SourceMap.Contains(action))
            {
                return spec.SourceMap.ValueAt(action);
            }
        }

        return spec.SourceMap.ValueAt(path);
    }

    /// <summary>Rehearses and prints; returns 0, or 1 on bad input, inspection errors or unmet expectations.</summary>
    public static int Rehearse(CliContext context, FileInfo file, FileInfo caseFile)
    {
        var spec = Load(context, file);
        if (spec is null)
        {
            return 1;
        }

        if (!caseFile.Exists)
        {
            context.Error.WriteLine($"error: case file '{caseFile.FullName}' does not exist.");
            return 1;
        }

        Dictionary<string, object?> testCase;
        List<MockActionExecution> mocks;
        try
        {
            testCase = JsonText.Parse(File.ReadAllText(caseFile.FullName)) as Dictionary<string, object?>
                ?? throw new ArgumentException("the case must be a JSON object");
            mocks = (testCase.GetValueOrDefault("mock") as List<object?> ?? []).Select(MockActionExecution.FromValue).ToList();
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            context.Error.WriteLine($"error: case file '{caseFile.FullName}': {ex.Message}");
            return 1;
        }

        var inspection = WorkflowInspector.Inspect(spec, EngineExpressionEvaluator.Default, DefaultAppContext);
        if (!inspection.IsValid)
        {
            context.Error.WriteLine($"error: {file.Name} fails inspection; run 'sflow workflow inspect {file.Name}'.");
            return 1;
        }

        RehearsalResult result;
        try
        {
            result = WorkflowRehearsal.Run(spec, EngineExpressionEvaluator.Default, testCase.GetValueOrDefault("input") as Dictionary<string, object?>, mocks);
        }
        catch (WorkflowConductorException ex)
        {
            context.Error.WriteLine("error: " + ex.Describe());
            return 1;
        }

        var value = result.ToValue();
        context.Out.WriteLine(JsonText.Serialize(value, indented: true));
        var failed = false;
        foreach (var (key, actual) in value)
        {
            if (key == "errors" || !testCase.TryGetValue("expected_" + key, out var expected))
            {
                continue;
            }

            if (!PlainValues.DeepEquals(PlainValues.Normalize(expected), PlainValues.Normalize(actual)))
            {
                context.Error.WriteLine($"mismatch: {key}: expected {JsonText.Serialize(expected)}, got {JsonText.Serialize(actual)}");
                failed = true;
            }
        }

        return failed ? 1 : 0;
    }
}
