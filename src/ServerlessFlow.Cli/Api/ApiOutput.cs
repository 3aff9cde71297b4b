using System.Globalization;
using ServerlessFlow.Core.Values;
using Spectre.Console;

namespace ServerlessFlow.Cli.Api;

/// <summary>Prints API answers: indented JSON with <c>--json</c>, otherwise Spectre.Console tables.</summary>
internal static class ApiOutput
{
    /// <summary>A list of records as a table of the given columns (a column is a field path such as <c>action.ref</c>).</summary>
    public static void Table(TextWriter output, IEnumerable<object?> items, params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }

        foreach (var item in items)
        {
            table.AddRow(columns.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(Cell(At(item, c)))).ToArray());
        }

        Console(output).Write(table);
    }

    /// <summary>One record as a two-column table of its fields.</summary>
    public static void Record(TextWriter output, object? record)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("field").AddColumn("value");
        if (record is Dictionary<string, object?> fields)
        {
            foreach (var (name, value) in fields)
            {
                table.AddRow(new Text(name), new Text(value is Dictionary<string, object?> or List<object?> ? JsonText.Serialize(value, indented: true) : Cell(value)));
            }
        }

        Console(output).Write(table);
    }

    /// <summary>The value as indented JSON.</summary>
    public static void Json(TextWriter output, object? value) => output.WriteLine(JsonText.Serialize(value, indented: true));

    /// <summary>The value at a dotted path of nested objects, or null.</summary>
    public static object? At(object? value, string path)
    {
        foreach (var part in path.Split('.'))
        {
            value = value is Dictionary<string, object?> d ? d.GetValueOrDefault(part) : null;
        }

        return value;
    }

    private static string Cell(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => JsonText.Serialize(value),
    };

    private static IAnsiConsole Console(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });

        // A pipe or a file has no width; ids and refs read better unwrapped than cut at 80 columns.
        if (!ReferenceEquals(output, System.Console.Out) || System.Console.IsOutputRedirected)
        {
            console.Profile.Width = 240;
        }

        return console;
    }
}
