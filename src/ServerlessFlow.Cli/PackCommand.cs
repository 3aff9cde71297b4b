using System.CommandLine;
using System.Text;
using System.Text.Json;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Packs;

namespace ServerlessFlow.Cli;

/// <summary><c>sflow pack …</c>: commands about packs.</summary>
internal static class PackCommand
{
    /// <summary>Builds the <c>pack</c> command group.</summary>
    public static Command Create(CliContext context)
    {
        var pack = new Command("pack", "Work with StackStorm packs (actions, rules, sensors, trigger types, workflows).");
        pack.Add(CreateValidate(context));
        pack.Add(Api.CatalogCommands.List(context, "packs", "The packs loaded on a running server.", ["ref", "version", "author", "description"]));
        pack.Add(Api.CatalogCommands.Get(context, "packs", "One pack loaded on a running server.", "pack ref"));
        pack.Add(PackLifecycleCommands.Install(context));
        pack.Add(PackLifecycleCommands.Remove(context));
        pack.Add(PackLifecycleCommands.Reload(context));
        return pack;
    }

    private static Command CreateValidate(CliContext context)
    {
        var folders = new Argument<string[]>("folder")
        {
            Description = "A pack folder (with pack.yaml), or a folder whose sub-folders are packs. Several may be given; refs between them are checked.",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json")
        {
            Description = "Write the diagnostics and the summary as JSON instead of text.",
        };
        var configs = new Option<string?>("--configs")
        {
            Description = "A folder of pack configuration files (<pack>.yaml, as in StackStorm's /opt/stackstorm/configs) to check against each pack's config.schema.yaml.",
        };
        var validate = new Command(
            "validate",
            "Load packs without running anything and report every problem as 'file:line:col: error CODE: message', then a summary line. Exits 1 when there is any error, 0 otherwise (warnings included).");
        validate.Add(folders);
        validate.Add(json);
        validate.Add(configs);
        validate.SetAction(parseResult => Validate(context, parseResult.GetValue(folders) ?? [], parseResult.GetValue(json), parseResult.GetValue(configs)));
        return validate;
    }

    private static int Validate(CliContext context, string[] folders, bool json, string? configs)
    {
        var (sources, problems) = PackFolders.Find(folders);
        var loaded = new List<PackLoadResult>();
        foreach (var source in sources)
        {
            try
            {
                loaded.Add(PackLoader.Load(source));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add(new PackDiagnostic(DiagnosticSeverity.Error, PackDiagnosticCodes.FileUnreadable, source.Location, 1, 1, "the pack folder could not be listed: " + ex.Message));
            }
        }

        var catalog = PackCatalog.Create(loaded);
        var diagnostics = problems.Concat(catalog.Diagnostics).ToList();
        if (configs is not null)
        {
            diagnostics.AddRange(CheckConfigs(catalog, configs));
        }

        var summary = PackSummary.Of(catalog) with
        {
            Errors = diagnostics.Count(d => d.IsError),
            Warnings = diagnostics.Count(d => !d.IsError),
        };

        if (json)
        {
            context.Out.WriteLine(ToJson(catalog, diagnostics, summary));
        }
        else
        {
            foreach (var diagnostic in diagnostics)
            {
                context.Out.WriteLine(diagnostic.ToString());
            }

            context.Out.WriteLine(summary.ToString());
        }

        return summary.Errors > 0 ? 1 : 0;
    }

    private static List<PackDiagnostic> CheckConfigs(PackCatalog catalog, string folder)
    {
        var found = new List<PackDiagnostic>();
        var location = folder.Replace('\\', '/').TrimEnd('/');
        if (!Directory.Exists(folder))
        {
            found.Add(new PackDiagnostic(DiagnosticSeverity.Error, "no-such-folder", location, 1, 1, "the --configs folder does not exist"));
            return found;
        }

        foreach (var pack in catalog.Packs)
        {
            var path = Path.Combine(folder, pack.Ref + ".yaml");
            var display = location + "/" + pack.Ref + ".yaml";
            if (!File.Exists(path))
            {
                var required = pack.ConfigSchema.Values.Where(p => p.Required && !p.HasDefault).Select(p => p.Name).ToList();
                if (required.Count > 0)
                {
                    found.Add(new PackDiagnostic(DiagnosticSeverity.Warning, PackDiagnosticCodes.MissingConfig, display, 1, 1, $"pack '{pack.Ref}' needs configuration values ({string.Join(", ", required)}) but this file does not exist"));
                }

                continue;
            }

            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                found.Add(new PackDiagnostic(DiagnosticSeverity.Error, PackDiagnosticCodes.FileUnreadable, display, 1, 1, "the file could not be read: " + ex.Message));
                continue;
            }

            found.AddRange(PackConfigLoader.Load(pack, display, text).Diagnostics);
        }

        return found;
    }

    private static string ToJson(PackCatalog catalog, List<PackDiagnostic> diagnostics, PackSummary summary)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("packs");
            foreach (var pack in catalog.Packs)
            {
                writer.WriteStartObject();
                writer.WriteString("ref", pack.Ref);
                writer.WriteString("version", pack.Version);
                writer.WriteString("location", pack.Location);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("diagnostics");
            foreach (var d in diagnostics)
            {
                writer.WriteStartObject();
                writer.WriteString("severity", d.IsError ? "error" : "warning");
                writer.WriteString("code", d.Code);
                writer.WriteString("file", d.File);
                writer.WriteNumber("line", d.Line);
                writer.WriteNumber("column", d.Column);
                writer.WriteString("message", d.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartObject("summary");
            writer.WriteNumber("packs", summary.Packs);
            writer.WriteNumber("files", summary.Files);
            writer.WriteNumber("actions", summary.Actions);
            writer.WriteStartObject("actionsByRunner");
            foreach (var (runner, count) in summary.ActionsByRunner)
            {
                writer.WriteNumber(runner, count);
            }

            writer.WriteEndObject();
            writer.WriteNumber("rules", summary.Rules);
            writer.WriteNumber("workflows", summary.Workflows);
            writer.WriteNumber("actionChains", summary.ActionChains);
            writer.WriteNumber("sensors", summary.Sensors);
            writer.WriteNumber("triggerTypes", summary.TriggerTypes);
            writer.WriteNumber("errors", summary.Errors);
            writer.WriteNumber("warnings", summary.Warnings);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
