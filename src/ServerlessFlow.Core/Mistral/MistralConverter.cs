using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ServerlessFlow.Core.Values;
using YamlDotNet.Serialization;

namespace ServerlessFlow.Core.Mistral;

/// <summary>Converts a Mistral v2 workflow (StackStorm's removed workflow language) into an Orquesta workflow where the mapping
/// is mechanical, and lists, with line and column, everything it could not convert. Pure: text in, text and notes out.</summary>
/// <remarks>What is mapped: <c>input</c>, <c>vars</c>, <c>output</c>, <c>description</c>; tasks' <c>action</c> (inline
/// <c>ref k=v</c> parameters too), <c>input</c>, <c>publish</c>/<c>publish-on-error</c>, <c>on-success</c>/<c>on-error</c>/
/// <c>on-complete</c> (conditions included, with <c>fail</c> and <c>succeed</c>), <c>with-items</c> (several variables
/// through <c>zip</c>), <c>concurrency</c>, <c>retry</c> count/delay, <c>wait-before</c> (delay), <c>join</c>;
/// <c>std.noop</c>/<c>std.fail</c>; expressions as <see cref="MistralExpressionConverter"/> says. Mistral publishes before it
/// evaluates transitions, Orquesta after, so a condition that reads a variable the same task publishes gets the published
/// expression in its place.</remarks>
public static partial class MistralConverter
{
    private static readonly HashSet<string> KnownTaskKeys = new(StringComparer.Ordinal)
    {
        "action", "workflow", "input", "publish", "publish-on-error", "on-success", "on-error", "on-complete", "with-items", "concurrency",
        "retry", "wait-before", "join", "description", "wait-after", "timeout", "pause-before", "target", "safe-rerun", "keep-result", "policies",
    };

    private static readonly HashSet<string> WorkflowLevelKeys = new(StringComparer.Ordinal) { "version", "name", "description", "tags", "workflows", "actions" };

    [GeneratedRegex(@"^\s*(?<var>[A-Za-z_][A-Za-z0-9_]*)\s+in\s+(?<expr>.+?)\s*$", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex WithItem();

    [GeneratedRegex(@"^\s*(<%.*%>|\{\{.*\}\})\s*$", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex WholeExpression();

    /// <summary>True when <paramref name="document"/> (a parsed YAML root) is a Mistral v2 document: <c>version: '2.0'</c>.</summary>
    public static bool IsMistral(object? document) =>
        document is Dictionary<string, object?> root && root.GetValueOrDefault("version") switch
        {
            string s => s.Trim() == "2.0",
            double d => d == 2.0,
            _ => false,
        };

    /// <summary>The names of the workflows in a Mistral file (one, or a workbook's).</summary>
    public static IReadOnlyList<string> WorkflowNames(string yaml) => Workflows(Read(yaml).Value).Select(w => w.Name).ToList();

    /// <summary>Converts the workflow <paramref name="workflowName"/> (needed only when the file holds several and none is
    /// called <c>main</c>); throws <see cref="MistralConversionException"/> when the text is not a Mistral v2 workflow.</summary>
    public static MistralConversion Convert(string yaml, string? workflowName = null)
    {
        var read = Read(yaml);
        var workflows = Workflows(read.Value);
        if (workflows.Count == 0)
        {
            throw new MistralConversionException("The file holds no Mistral workflow (a mapping with 'tasks').");
        }

        (string Name, string Path, Dictionary<string, object?> Spec) chosen;
        if (workflowName is not null)
        {
            chosen = workflows.FirstOrDefault(w => w.Name == workflowName || w.Name.EndsWith("." + workflowName, StringComparison.Ordinal));
            if (chosen.Spec is null)
            {
                throw new MistralConversionException($"No workflow '{workflowName}' in the file (it has: {string.Join(", ", workflows.Select(w => w.Name))}).");
            }
        }
        else if (workflows.Count == 1)
        {
            chosen = workflows[0];
        }
        else
        {
            chosen = workflows.FirstOrDefault(w => w.Name == "main");
            if (chosen.Spec is null)
            {
                throw new MistralConversionException($"The file holds {workflows.Count} workflows ({string.Join(", ", workflows.Select(w => w.Name))}); name the one to convert.");
            }
        }

        var converter = new Conversion(read.SourceMap, chosen.Path, workflows.Select(w => w.Name).Where(n => n != chosen.Name).ToHashSet(StringComparer.Ordinal));
        var orquesta = converter.Workflow(chosen.Spec);
        return new MistralConversion(chosen.Name, Emit(orquesta, chosen.Name, converter.Notes), converter.Notes);
    }

    private static YamlReadResult Read(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var read = YamlValueReader.Read(yaml);
        if (read.HasErrors)
        {
            var problem = read.Problems[0];
            throw new MistralConversionException($"{problem.Position}: {problem.Message}");
        }

        if (!IsMistral(read.Value))
        {
            throw new MistralConversionException("Not a Mistral v2 workflow: the file must start with version: '2.0'.");
        }

        return read;
    }

    private static List<(string Name, string Path, Dictionary<string, object?> Spec)> Workflows(object? document)
    {
        var root = (Dictionary<string, object?>)document!;
        var result = new List<(string, string, Dictionary<string, object?>)>();
        if (root.GetValueOrDefault("workflows") is Dictionary<string, object?> book)
        {
            foreach (var (name, spec) in book)
            {
                if (spec is Dictionary<string, object?> map)
                {
                    result.Add((name, SourceMap.Child("workflows", name), map));
                }
            }

            return result;
        }

        foreach (var (name, spec) in root)
        {
            if (!WorkflowLevelKeys.Contains(name) && spec is Dictionary<string, object?> map && map.ContainsKey("tasks"))
            {
                result.Add((name, name, map));
            }
        }

        return result;
    }

    private static string Emit(Dictionary<string, object?> orquesta, string name, IReadOnlyList<ConversionNote> notes)
    {
        var text = new StringBuilder();
        text.Append("# Converted from the Mistral v2 workflow '").Append(name).Append("' by sflow workflow convert.\n");
        if (notes.Count > 0)
        {
            text.Append("# Not converted (see the Mistral file):\n");
            foreach (var n in notes)
            {
                text.Append(CultureInfo.InvariantCulture, $"#   line {n.Position.Line}: {n.Message.Replace("\n", " ", StringComparison.Ordinal)}\n");
            }
        }

        // Written by hand: the serializer would print the version as 1, and Orquesta's documents say 1.0.
        text.Append("version: 1.0\n");
        var serializer = new SerializerBuilder().WithQuotingNecessaryStrings().WithIndentedSequences().Build();
        text.Append(serializer.Serialize(orquesta));
        return text.ToString();
    }

    /// <summary>One conversion: the notes it gathers and the source positions it reports them at.</summary>
    private sealed class Conversion
    {
        private readonly SourceMap map;
        private readonly string root;
        private readonly HashSet<string> siblingWorkflows;
        private readonly List<ConversionNote> notes = [];
        private string path = string.Empty;

        public Conversion(SourceMap map, string root, HashSet<string> siblingWorkflows)
        {
            this.map = map;
            this.root = root;
            this.siblingWorkflows = siblingWorkflows;
            Expressions = new MistralExpressionConverter(message => Note(path, message));
        }

        public IReadOnlyList<ConversionNote> Notes => notes.OrderBy(n => n.Position.Line).ThenBy(n => n.Position.Column).ToList();

        private MistralExpressionConverter Expressions { get; }

        public Dictionary<string, object?> Workflow(Dictionary<string, object?> spec)
        {
            var output = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (spec.GetValueOrDefault("description") is string description)
            {
                output["description"] = description;
            }

            if (spec.GetValueOrDefault("type") is string type && type != "direct")
            {
                Note("type", $"a '{type}' workflow (tasks run by 'requires' dependencies) has no Orquesta equivalent; only direct workflows convert, so its transitions need writing by hand");
            }

            if (spec.GetValueOrDefault("input") is List<object?> input)
            {
                path = "input";
                output["input"] = input.Select(item => Expressions.ConvertValue(item)).ToList();
            }

            if (spec.GetValueOrDefault("vars") is Dictionary<string, object?> vars)
            {
                path = "vars";
                output["vars"] = vars.Select(kv => (object?)new Dictionary<string, object?>(StringComparer.Ordinal) { [kv.Key] = Expressions.ConvertValue(kv.Value) }).ToList();
            }

            foreach (var key in spec.Keys.Where(k => k is "output-on-error" or "task-defaults" or "tags"))
            {
                Note(key, key switch
                {
                    "output-on-error" => "'output-on-error' has no Orquesta equivalent (Orquesta's output is rendered on failure too)",
                    "task-defaults" => "'task-defaults' has no Orquesta equivalent: copy its transitions and settings into each task",
                    _ => "'tags' has no place in an Orquesta workflow; put them on the action's metadata",
                });
            }

            var tasks = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (spec.GetValueOrDefault("tasks") is Dictionary<string, object?> mistralTasks)
            {
                foreach (var (name, task) in mistralTasks)
                {
                    if (task is Dictionary<string, object?> taskSpec)
                    {
                        tasks[name] = Task(name, taskSpec);
                    }
                }
            }

            Expressions.CurrentTask = null;
            Expressions.ItemVariables = new HashSet<string>(StringComparer.Ordinal);
            if (spec.GetValueOrDefault("output") is Dictionary<string, object?> outputs)
            {
                path = "output";
                output["output"] = outputs.Select(kv => (object?)new Dictionary<string, object?>(StringComparer.Ordinal) { [kv.Key] = Expressions.ConvertValue(kv.Value) }).ToList();
            }

            output["tasks"] = tasks;
            return output;
        }

        private Dictionary<string, object?> Task(string name, Dictionary<string, object?> spec)
        {
            var at = SourceMap.Child("tasks", name);
            var task = new Dictionary<string, object?>(StringComparer.Ordinal);
            Expressions.CurrentTask = name;
            Expressions.ItemVariables = new HashSet<string>(StringComparer.Ordinal);
            var next = new List<object?>();
            var actionless = false;

            if (spec.GetValueOrDefault("with-items") is { } withItems)
            {
                path = SourceMap.Child(at, "with-items");
                var with = WithItems(withItems);
                if (with is not null)
                {
                    if (spec.GetValueOrDefault("concurrency") is { } concurrency)
                    {
                        with["concurrency"] = Expressions.ConvertValue(concurrency);
                    }

                    task["with"] = with;
                }
            }
            else if (spec.ContainsKey("concurrency"))
            {
                Note(SourceMap.Child(at, "concurrency"), "'concurrency' without 'with-items' has no Orquesta equivalent");
            }

            if (spec.GetValueOrDefault("join") is { } join)
            {
                task["join"] = join;
            }

            if (spec.GetValueOrDefault("wait-before") is { } wait)
            {
                path = SourceMap.Child(at, "wait-before");
                task["delay"] = Expressions.ConvertValue(wait);
            }

            var inputs = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (spec.GetValueOrDefault("action") is string action)
            {
                path = SourceMap.Child(at, "action");
                var (reference, inline) = InlineParameters(action);
                foreach (var (key, value) in inline)
                {
                    inputs[key] = Expressions.ConvertValue(value);
                }

                switch (reference)
                {
                    case "std.noop":
                        task["action"] = "core.noop";
                        break;
                    case "std.fail":
                        // An action-less task that fails the workflow: Orquesta has no action that just fails.
                        actionless = true;
                        next.Add(new Dictionary<string, object?>(StringComparer.Ordinal) { ["do"] = new List<object?> { "fail" } });
                        if (spec.ContainsKey("on-error") || spec.ContainsKey("on-complete"))
                        {
                            Note(path, "std.fail here fails the workflow at once; its on-error/on-complete transitions (which Mistral would take) were kept but never run");
                        }

                        break;
                    case var std when std.StartsWith("std.", StringComparison.Ordinal):
                        Note(path, $"Mistral's '{std}' action has no Orquesta equivalent; use a StackStorm action (core.http, core.local, core.sendmail…)");
                        task["action"] = std;
                        break;
                    default:
                        task["action"] = reference;
                        break;
                }
            }
            else if (spec.GetValueOrDefault("workflow") is string subflow)
            {
                Note(SourceMap.Child(at, "workflow"), siblingWorkflows.Contains(subflow)
                    ? $"'workflow: {subflow}' runs a workflow of the same workbook: convert '{subflow}' into its own Orquesta action and name it here"
                    : $"'workflow: {subflow}' runs a Mistral workflow by name: name the Orquesta action that replaces it");
                task["action"] = subflow;
            }

            if (spec.GetValueOrDefault("input") is Dictionary<string, object?> given)
            {
                path = SourceMap.Child(at, "input");
                foreach (var (key, value) in given)
                {
                    inputs[key] = Expressions.ConvertValue(value);
                }
            }

            if (inputs.Count > 0 && !actionless)
            {
                task["input"] = inputs;
            }

            if (spec.GetValueOrDefault("retry") is Dictionary<string, object?> retry)
            {
                path = SourceMap.Child(at, "retry");
                var converted = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, value) in retry)
                {
                    if (key is "count" or "delay")
                    {
                        converted[key] = Expressions.ConvertValue(value);
                    }
                    else
                    {
                        Note(SourceMap.Child(path, key), $"retry '{key}' has no Orquesta equivalent (Orquesta retries while 'when' holds, on failure by default)");
                    }
                }

                task["retry"] = converted;
            }

            foreach (var key in spec.Keys.Where(k => !KnownTaskKeys.Contains(k)))
            {
                Note(SourceMap.Child(at, key), key == "requires"
                    ? "'requires' (a reverse workflow's dependency) has no Orquesta equivalent; write the transitions instead"
                    : $"'{key}' is not a Mistral task field this converter knows; not converted");
            }

            foreach (var key in spec.Keys.Where(k => k is "wait-after" or "timeout" or "pause-before" or "target" or "safe-rerun" or "keep-result" or "policies"))
            {
                Note(SourceMap.Child(at, key), key switch
                {
                    "timeout" => "task 'timeout' has no Orquesta equivalent here; set the action's 'timeout' parameter instead",
                    "wait-after" => "'wait-after' has no Orquesta equivalent; put a 'delay' on the next task",
                    _ => $"'{key}' has no Orquesta equivalent",
                });
            }

            var published = Publish(spec.GetValueOrDefault("publish"), SourceMap.Child(at, "publish"));
            var publishedOnError = Publish(spec.GetValueOrDefault("publish-on-error"), SourceMap.Child(at, "publish-on-error"));
            Transitions(next, spec.GetValueOrDefault("on-success"), SourceMap.Child(at, "on-success"), "succeeded()", published);
            Transitions(next, spec.GetValueOrDefault("on-error"), SourceMap.Child(at, "on-error"), "failed()", publishedOnError);
            Transitions(next, spec.GetValueOrDefault("on-complete"), SourceMap.Child(at, "on-complete"), "completed()", []);
            if (next.Count > 0)
            {
                task["next"] = next;
            }

            // Orquesta's usual order: what runs, with what, how, then where next.
            string[] order = ["action", "input", "with", "delay", "join", "retry", "next"];
            return order.Where(task.ContainsKey).ToDictionary(key => key, key => task[key], StringComparer.Ordinal);
        }

        private Dictionary<string, object?>? WithItems(object? withItems)
        {
            var entries = withItems switch
            {
                string s => [s],
                List<object?> list => list.Select(x => x as string ?? string.Empty).ToList(),
                _ => new List<string>(),
            };
            var names = new List<string>();
            var sources = new List<string>();
            foreach (var entry in entries)
            {
                var match = WithItem().Match(entry);
                if (!match.Success)
                {
                    Note(path, $"with-items entry '{entry}' is not 'name in <expression>'");
                    return null;
                }

                names.Add(match.Groups["var"].Value);
                var source = match.Groups["expr"].Value;

                // Mistral also takes a literal list ("i in [1, 2]"); Orquesta wants an expression, and YAQL reads the literal alike.
                sources.Add(MistralExpressionConverter.HasExpression(source) ? Expressions.Convert(source) : $"<% {source} %>");
            }

            if (names.Count == 0)
            {
                Note(path, "with-items has no entries");
                return null;
            }

            Expressions.ItemVariables = names.ToHashSet(StringComparer.Ordinal);
            if (names.Count == 1)
            {
                return new Dictionary<string, object?>(StringComparer.Ordinal) { ["items"] = $"{names[0]} in {sources[0]}" };
            }

            var inner = sources.Select(s => Regex.Match(s, @"^\s*<%(.*)%>\s*$", RegexOptions.Singleline, TimeSpan.FromSeconds(1))).ToList();
            if (inner.Any(m => !m.Success))
            {
                Note(path, "with-items over several lists converts only when each list is one whole YAQL expression (they are zipped)");
                return null;
            }

            return new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["items"] = $"{string.Join(", ", names)} in <% zip({string.Join(", ", inner.Select(m => m.Groups[1].Value.Trim()))}) %>",
            };
        }

        private List<(string Name, object? Value)> Publish(object? publish, string at)
        {
            var result = new List<(string, object?)>();
            if (publish is Dictionary<string, object?> map)
            {
                path = at;
                foreach (var (key, value) in map)
                {
                    result.Add((key, Expressions.ConvertValue(value)));
                }
            }

            return result;
        }

        private void Transitions(List<object?> next, object? targets, string at, string status, List<(string Name, object? Value)> published)
        {
            var list = targets switch
            {
                null => new List<object?>(),
                string s => [s],
                List<object?> l => l,
                _ => new List<object?>(),
            };
            var plain = new List<object?>();
            var conditional = new List<(string Target, string Condition, string Path)>();
            for (var i = 0; i < list.Count; i++)
            {
                var itemPath = SourceMap.Item(at, i);
                switch (list[i])
                {
                    case string target:
                        if (Target(target, itemPath) is { } t)
                        {
                            plain.Add(t);
                        }

                        break;
                    case Dictionary<string, object?> { Count: 1 } pair when pair.First().Value is string condition:
                        if (Target(pair.First().Key, itemPath) is { } ct)
                        {
                            conditional.Add((ct, condition, itemPath));
                        }

                        break;
                    default:
                        Note(itemPath, "a transition must be a task name or {task: condition}");
                        break;
                }
            }

            if (plain.Count > 0 || published.Count > 0)
            {
                var entry = new Dictionary<string, object?>(StringComparer.Ordinal) { ["when"] = $"<% {status} %>" };
                if (published.Count > 0)
                {
                    entry["publish"] = published.Select(p => (object?)new Dictionary<string, object?>(StringComparer.Ordinal) { [p.Name] = p.Value }).ToList();
                }

                if (plain.Count > 0)
                {
                    entry["do"] = plain;
                }

                next.Add(entry);
            }

            foreach (var (target, condition, conditionPath) in conditional)
            {
                path = conditionPath;
                var converted = Substitute(Expressions.Convert(condition), published, conditionPath);
                next.Add(new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["when"] = Combine(status, converted, conditionPath),
                    ["do"] = new List<object?> { target },
                });
            }
        }

        /// <summary>A Mistral transition target in Orquesta: a task name, <c>fail</c>, or <c>noop</c> for <c>succeed</c>.</summary>
        private string? Target(string target, string at)
        {
            var name = target.Trim();
            switch (name)
            {
                case "fail":
                    return "fail";
                case "succeed":
                    Note(at, "Mistral's 'succeed' ends the whole workflow at once; Orquesta's 'noop' (used here) only ends this branch");
                    return "noop";
                case "pause":
                    Note(at, "Mistral's 'pause' engine command has no Orquesta transition equivalent (pause the execution, or use core.ask)");
                    return null;
                default:
                    if (name.Contains(' ', StringComparison.Ordinal) || name.Contains('(', StringComparison.Ordinal))
                    {
                        Note(at, $"the engine command '{name}' (with arguments) has no Orquesta equivalent");
                        return null;
                    }

                    return name;
            }
        }

        /// <summary>Mistral publishes before a transition's condition is evaluated; Orquesta evaluates 'when' first, so a
        /// variable this task publishes is replaced by what it publishes.</summary>
        private string Substitute(string condition, List<(string Name, object? Value)> published, string at)
        {
            foreach (var (name, value) in published)
            {
                var reference = new Regex(@"ctx\(\)\." + Regex.Escape(name) + @"(?![A-Za-z0-9_])", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                if (!reference.IsMatch(condition))
                {
                    continue;
                }

                var sameLanguage = value is string text && WholeExpression().IsMatch(text)
                    && (text.TrimStart().StartsWith("<%", StringComparison.Ordinal) == condition.TrimStart().StartsWith("<%", StringComparison.Ordinal));
                if (!sameLanguage)
                {
                    Note(at, $"the condition reads '{name}', which this task publishes; Orquesta evaluates conditions before publishing, and the published value is not one expression of the same language, so it was left as ctx().{name}");
                    continue;
                }

                var body = ((string)value!).Trim();
                var inner = body[2..^2].Trim();
                condition = reference.Replace(condition, "(" + inner + ")");
            }

            return condition;
        }

        private string Combine(string status, string condition, string at)
        {
            var trimmed = condition.Trim();
            if (WholeExpression().IsMatch(trimmed))
            {
                var yaql = trimmed.StartsWith("<%", StringComparison.Ordinal);
                var inner = trimmed[2..^2].Trim();
                return yaql ? $"<% {status} and ({inner}) %>" : $"{{{{ {status} and ({inner}) }}}}";
            }

            Note(at, $"the condition '{condition}' is not one expression; it was kept as written and the task status not added");
            return condition;
        }

        /// <summary>Splits Mistral's inline form <c>ref a=1 b="x y" c=&lt;% $.v %&gt;</c> into the ref and its parameters
        /// (values parsed as JSON when they are JSON, as Mistral does).</summary>
        private (string Reference, List<(string Key, object? Value)> Parameters) InlineParameters(string action)
        {
            var text = action.Trim();
            var space = text.IndexOfAny([' ', '\t', '\n']);
            if (space < 0)
            {
                return (text, []);
            }

            var reference = text[..space];
            var parameters = new List<(string, object?)>();
            var i = space;
            while (i < text.Length)
            {
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                if (i >= text.Length)
                {
                    break;
                }

                var equals = text.IndexOf('=', i);
                if (equals < 0)
                {
                    Note(path, $"the inline parameter text '{text[i..]}' is not name=value");
                    break;
                }

                var key = text[i..equals].Trim();
                var j = equals + 1;
                var value = new StringBuilder();
                while (j < text.Length && !char.IsWhiteSpace(text[j]))
                {
                    if (text.AsSpan(j).StartsWith("<%", StringComparison.Ordinal) || text.AsSpan(j).StartsWith("{{", StringComparison.Ordinal))
                    {
                        var close = text.IndexOf(text[j] == '<' ? "%>" : "}}", j + 2, StringComparison.Ordinal);
                        var end = close < 0 ? text.Length : close + 2;
                        value.Append(text, j, end - j);
                        j = end;
                    }
                    else if (text[j] is '"' or '\'')
                    {
                        var quote = text[j];
                        var close = text.IndexOf(quote, j + 1);
                        var end = close < 0 ? text.Length : close + 1;
                        value.Append(text, j, end - j);
                        j = end;
                    }
                    else
                    {
                        value.Append(text[j]);
                        j++;
                    }
                }

                parameters.Add((key, InlineValue(value.ToString())));
                i = j;
            }

            return (reference, parameters);
        }

        private static object? InlineValue(string raw)
        {
            if (raw.Length >= 2 && (raw[0] == '"' || raw[0] == '\'') && raw[^1] == raw[0])
            {
                return raw[1..^1];
            }

            return !MistralExpressionConverter.HasExpression(raw) && JsonText.TryParse(raw, out var parsed, out _) ? parsed : raw;
        }

        private void Note(string relative, string message)
        {
            var full = relative.Length == 0 ? root : SourceMap.Child(root, relative);
            notes.Add(new ConversionNote(map.KeyAt(full), relative, message));
        }
    }
}
