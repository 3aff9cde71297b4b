using System.CommandLine;
using System.Text.Json;
using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Cli;

/// <summary><c>sflow expr EXPRESSION [--context FILE]</c>: evaluates a YAQL/Jinja expression string
/// against a JSON context and prints the result as JSON (exit 0) or the error with its position (exit 1).</summary>
internal static class ExprCommand
{
    /// <summary>Builds the <c>expr</c> command.</summary>
    public static Command Build(CliContext context)
    {
        var expression = new Argument<string>("expression")
        {
            Description = "The expression string, e.g. \"<% ctx().a + 1 %>\" or \"{{ trigger.body.name | upper }}\".",
        };
        var contextFile = new Option<FileInfo?>("--context")
        {
            Description = "A JSON file whose object is the workflow context (ctx()), YAQL's $ and Jinja's variables.",
        };
        var jinjaOnly = new Option<bool>("--jinja-only")
        {
            Description = "Render only Jinja, as st2 renders rule and action parameters.",
        };
        var command = new Command("expr", "Evaluate a YAQL or Jinja expression against a JSON context.")
        {
            expression,
            contextFile,
            jinjaOnly,
        };
        command.SetAction(parse => Run(
            context,
            parse.GetValue(expression) ?? string.Empty,
            parse.GetValue(contextFile),
            parse.GetValue(jinjaOnly)));
        return command;
    }

    /// <summary>Evaluates and prints; returns the exit code.</summary>
    public static int Run(CliContext context, string expression, FileInfo? contextFile, bool jinjaOnly)
    {
        object? data = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (contextFile is not null)
        {
            if (!contextFile.Exists)
            {
                context.Error.WriteLine($"error: context file '{contextFile.FullName}' does not exist.");
                return 1;
            }

            try
            {
                data = JsonText.Parse(File.ReadAllText(contextFile.FullName));
            }
            catch (JsonException ex)
            {
                context.Error.WriteLine($"error: context file '{contextFile.FullName}' is not valid JSON: {ex.Message}");
                return 1;
            }

            if (data is not Dictionary<string, object?>)
            {
                context.Error.WriteLine($"error: context file '{contextFile.FullName}' must hold a JSON object, not {PlainValues.JsonTypeName(data)}.");
                return 1;
            }
        }

        var engine = new ExpressionEngine();
        var scope = new ExpressionScope(data);
        try
        {
            var result = jinjaOnly ? engine.EvaluateJinja(expression, scope) : engine.Evaluate(expression, scope);
            context.Out.WriteLine(JsonText.Serialize(result));
            return 0;
        }
        catch (ExpressionException ex)
        {
            context.Error.WriteLine($"error ({ex.Kind}) at position {ex.Position}: {ex.Message}");
            if (ex.Expression.Length > 0 && !ex.Expression.Contains('\n', StringComparison.Ordinal))
            {
                context.Error.WriteLine("  " + ex.Expression);
                context.Error.WriteLine("  " + new string(' ', Math.Clamp(ex.Position, 0, ex.Expression.Length)) + "^");
            }

            return 1;
        }
    }
}
