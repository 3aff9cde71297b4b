using System.CommandLine;
using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Criteria;
using ServerlessFlow.Core.Rules.Enforcement;
using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Core.Rules.Templates;
using ServerlessFlow.Core.Rules.Testing;
using ServerlessFlow.Core.Rules.Triggers;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Packs;

namespace ServerlessFlow.Cli;

/// <summary><c>sflow rule test</c>: explains whether a rule (or every rule of a pack) fires for a trigger
/// instance: each criterion's key, value, operator, rendered pattern and result, then the action
/// parameters. Exit 0 when a rule matches, 1 when none does, 2 on error.</summary>
internal static class RuleCommand
{
    /// <summary>Builds the <c>rule</c> command group.</summary>
    public static Command Create(CliContext context)
    {
        var rule = new Command("rule", "Work with StackStorm rules.");
        rule.Subcommands.Add(CreateTest(context));
        Api.RuleApiCommands.AddTo(rule, context);
        return rule;
    }

    private static Command CreateTest(CliContext context)
    {
        var ruleFile = new Option<FileInfo?>("--rule") { Description = "A rule file (YAML or JSON, StackStorm's rule format)." };
        var pack = new Option<DirectoryInfo?>("--pack") { Description = "A pack folder: test every rule in its rules/ folder (its actions give parameter types)." };
        var instanceFile = new Option<FileInfo?>("--trigger-instance")
        {
            Description = "A trigger instance file: {\"trigger\": \"<type ref>\", \"payload\": {...}} (JSON or YAML).",
            Required = true,
        };
        var withPacks = new Option<DirectoryInfo[]>("--with-pack")
        {
            Description = "Another pack folder whose actions and trigger types the rules use (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var keyValues = new Option<string[]>("--kv") { Description = "A key-value pair for st2kv.system.* as name=value (repeatable)." };
        var json = new Option<bool>("--json") { Description = "Print {\"matched\", \"criteria\": [...], \"parameters\"} as JSON." };
        var test = new Command("test", "Evaluate a rule against a trigger instance and show why it does or does not match. Exit 0 when it matches, 1 when not, 2 on error.")
        {
            ruleFile, pack, instanceFile, withPacks, keyValues, json,
        };
        test.SetAction(parse => Run(
            context,
            parse.GetValue(ruleFile),
            parse.GetValue(pack),
            parse.GetValue(instanceFile)!,
            parse.GetValue(withPacks) ?? [],
            parse.GetValue(keyValues) ?? [],
            parse.GetValue(json)));
        return test;
    }

    private static int Run(CliContext context, FileInfo? ruleFile, DirectoryInfo? pack, FileInfo instanceFile, DirectoryInfo[] withPacks, string[] keyValues, bool json)
    {
        if ((ruleFile is null) == (pack is null))
        {
            context.Error.WriteLine("error: give exactly one of --rule <file> or --pack <dir>.");
            return 2;
        }

        try
        {
            var instance = TriggerInstanceDocument.Parse(ReadDocument(instanceFile.FullName, "trigger instance"));
            var rules = ruleFile is not null
                ? [(ruleFile.FullName, CompiledRule.FromDocument(ReadDocument(ruleFile.FullName, "rule")))]
                : ReadPackRules(pack!);
            var packFolders = withPacks.Select(d => d.FullName).ToList();
            if (pack is not null)
            {
                packFolders.Insert(0, pack.FullName);
            }

            var (actions, triggerTypes) = LoadPacks(context, packFolders);
            var tester = new RuleTester(TimeProvider.System, new JinjaRuleTemplateRenderer(), actions, triggerTypes);
            var kv = ParseKeyValues(keyValues);
            var reports = rules.Select(r => tester.Test(r.Rule, instance, kv)).ToList();
            Print(context, reports, json, single: ruleFile is not null);
            return reports.Any(r => r.PayloadProblems.Count > 0) ? 2 : reports.Any(r => r.Matched) ? 0 : 1;
        }
        catch (Exception ex) when (ex is CriteriaException or TriggerInstanceException or IOException or UnauthorizedAccessException or FormatException)
        {
            context.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }
    }

    private static object? ReadDocument(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new IOException($"the {what} file {path} does not exist");
        }

        var text = File.ReadAllText(path);
        var read = YamlValueReader.Read(text);
        if (read.HasErrors)
        {
            throw new FormatException($"{path}: not valid YAML/JSON: {string.Join("; ", read.Problems.Where(p => p.IsError).Select(p => $"at {p.Position}: {p.Message}"))}");
        }

        return read.Value;
    }

    private static List<(string File, CompiledRule Rule)> ReadPackRules(DirectoryInfo pack)
    {
        var folder = Path.Combine(pack.FullName, "rules");
        if (!Directory.Exists(folder))
        {
            throw new IOException($"{pack.FullName} has no rules/ folder");
        }

        var rules = new List<(string, CompiledRule)>();
        foreach (var file in Directory.EnumerateFiles(folder).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            try
            {
                rules.Add((file, CompiledRule.FromDocument(ReadDocument(file, "rule"))));
            }
            catch (CriteriaException ex)
            {
                throw new CriteriaException($"{file}: {ex.Message}", ex);
            }
        }

        return rules;
    }

    private static (IRuleActionCatalog? Actions, List<TriggerTypeDescriptor> TriggerTypes) LoadPacks(CliContext context, List<string> folders)
    {
        if (folders.Count == 0)
        {
            return (null, []);
        }

        var (sources, problems) = PackFolders.Find(folders);
        foreach (var problem in problems)
        {
            context.Error.WriteLine(problem.ToString());
        }

        var catalog = PackCatalog.Create(sources.Select(source => PackLoader.Load(source)));
        var triggerTypes = catalog.Packs.SelectMany(p => p.TriggerTypes).Select(TriggerTypeDescriptor.From).ToList();
        return (new PackRuleActionCatalog(catalog), triggerTypes);
    }

    private static DictionaryKeyValueLookup? ParseKeyValues(string[] pairs)
    {
        if (pairs.Length == 0)
        {
            return null;
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"--kv expects name=value, got '{pair}'");
            }

            values[pair[..equals]] = pair[(equals + 1)..];
        }

        return new DictionaryKeyValueLookup(values);
    }

    private static void Print(CliContext context, List<RuleTestReport> reports, bool json, bool single)
    {
        if (json)
        {
            object? document = single
                ? RuleTestReportFormat.ToPlain(reports[0])
                : new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["matched"] = reports.Any(r => r.Matched),
                    ["rules"] = reports.Select(r => (object?)RuleTestReportFormat.ToPlain(r)).ToList(),
                };
            context.Out.WriteLine(JsonText.Serialize(document, indented: true));
            return;
        }

        for (var i = 0; i < reports.Count; i++)
        {
            if (i > 0)
            {
                context.Out.WriteLine();
            }

            context.Out.Write(RuleTestReportFormat.ToText(reports[i]));
        }
    }

    /// <summary>st2kv.system values given on the command line.</summary>
    private sealed class DictionaryKeyValueLookup(Dictionary<string, object?> system) : IKeyValueLookup
    {
        public bool TryGet(string scope, string key, bool decrypt, out object? value)
        {
            value = null;
            return scope == "system" && system.TryGetValue(key, out value);
        }
    }
}
