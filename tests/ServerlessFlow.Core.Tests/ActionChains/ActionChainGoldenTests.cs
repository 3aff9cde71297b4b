using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using ServerlessFlow.Core.ActionChains;
using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Core.Workflows;

namespace ServerlessFlow.Core.Tests.ActionChains;

/// <summary>
/// The ActionChain engine against StackStorm's own ActionChain runner: every case of <c>golden/cases.yaml</c> was run
/// through st2's real <c>action_chain_runner.py</c> (with st2's Jinja, casts and key-value lookups) by
/// <c>golden/generate.py</c>; here the engine runs the same chain with the same action outcomes and operator requests and
/// must request the same actions with the same parameters and report the same statuses and results.
/// </summary>
public sealed partial class ActionChainGoldenTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "ActionChains", "golden");
    private static readonly Lazy<Dictionary<string, object?>> Golden = new(() =>
        (Dictionary<string, object?>)((Dictionary<string, object?>)JsonText.Parse(File.ReadAllText(Path.Combine(Folder, "golden.json")))!)["cases"]!);

    private static readonly Lazy<Dictionary<string, Dictionary<string, object?>>> Cases = new(() =>
        ((List<object?>)YamlValueReader.Read(File.ReadAllText(Path.Combine(Folder, "cases.yaml"))).Value!)
            .Cast<Dictionary<string, object?>>()
            .ToDictionary(c => (string)c["name"]!, StringComparer.Ordinal));

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (string name in Cases.Value.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void Golden_EveryCaseWasGenerated_SameNames() =>
        Assert.Equal(Cases.Value.Keys.Order(StringComparer.Ordinal), Golden.Value.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Run_St2Case_MatchesStackStormsRunner(string name)
    {
        var expected = (Dictionary<string, object?>)Golden.Value[name]!;
        Dictionary<string, object?> actual = ChainRehearsal.Run(Cases.Value[name]);
        var expectedRequests = (List<object?>)expected["requests"]!;
        var actualRequests = (List<object?>)actual["requests"]!;
        for (int i = 0; i < Math.Min(expectedRequests.Count, actualRequests.Count); i++)
        {
            ReconcileShellCommand((Dictionary<string, object?>)expectedRequests[i]!, (Dictionary<string, object?>)actualRequests[i]!);
        }

        Assert.Equal(Canonical(expectedRequests), Canonical(actualRequests));
        Assert.Equal(Canonical(expected["stages"]), Canonical(actual["stages"]));
    }

    /// <summary>
    /// The engine passes a local shell command's values as environment variables where st2 splices them into the command
    /// text. The command matches st2's when putting each value back where its variable stands gives st2's command: a bare
    /// <c>"${V}"</c> stands for a value st2 wrote bare or in double quotes, <c>${V}</c> for one inside double quotes, and
    /// <c>'"${V}"'</c> for one inside single quotes. Then st2's command is compared (and the variables dropped).
    /// </summary>
    private static void ReconcileShellCommand(Dictionary<string, object?> expected, Dictionary<string, object?> actual)
    {
        var parameters = (Dictionary<string, object?>)actual["parameters"]!;
        var st2 = (Dictionary<string, object?>)expected["parameters"]!;
        if (parameters.GetValueOrDefault("cmd") is not string command || parameters.GetValueOrDefault("env") is not Dictionary<string, object?> env
            || st2.GetValueOrDefault("cmd") is not string st2Command)
        {
            return;
        }

        string pattern = "^" + Regex.Escape(command) + "$";
        foreach (string variable in env.Keys.Where(k => k.StartsWith("SFLOW_PARAM_", StringComparison.Ordinal)).ToList())
        {
            string value = Regex.Escape((string)env[variable]!);
            pattern = pattern
                .Replace(Regex.Escape("'\"${" + variable + "}\"'"), value, StringComparison.Ordinal)
                .Replace(Regex.Escape("\"${" + variable + "}\""), "(?:" + value + "|\"" + value + "\")", StringComparison.Ordinal)
                .Replace(Regex.Escape("${" + variable + "}"), value, StringComparison.Ordinal);
            env.Remove(variable);
        }

        Assert.Matches(pattern, st2Command);
        parameters["cmd"] = st2Command;
        if (env.Count == 0)
        {
            parameters.Remove("env");
        }
    }

    /// <summary>Comparable JSON: cast errors end in Python's own parser message, which is not compared.</summary>
    private static string Canonical(object? value) =>
        CastError().Replace(JsonText.Serialize(value, indented: true), "$1…$2");

    [GeneratedRegex(@"(Failed to cast value .*? of type \\""\w+\\"": ).*?(\. Perhaps the value is of an invalid type\?)")]
    private static partial Regex CastError();

    /// <summary>Runs one case through the engine as the generator ran it through st2.</summary>
    private static class ChainRehearsal
    {
        private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public static Dictionary<string, object?> Run(Dictionary<string, object?> testCase)
        {
            string chainRef = testCase.GetValueOrDefault("ref") as string ?? "wolfpack.chain";
            var actionSpecs = Actions(testCase);
            actionSpecs[chainRef] = Action(chainRef, ActionChainWorkflowEngine.RunnerName, new Dictionary<string, object?>(), new Dictionary<string, object?>());
            var outcomes = new Queue<Dictionary<string, object?>>(
                (testCase.GetValueOrDefault("outcomes") as List<object?> ?? []).Cast<Dictionary<string, object?>>());
            var requests = new List<object?>();
            var catalog = new RecordingCatalog(actionSpecs, outcomes, requests);
            var keyValues = new CaseKeyValues(testCase.GetValueOrDefault("kv") as Dictionary<string, object?> ?? []);
            var config = testCase.GetValueOrDefault("config") as Dictionary<string, object?>;
            var engine = new ActionChainWorkflowEngine(
                new OneChain(chainRef, (string)testCase["chain"]!),
                catalog,
                r => actionSpecs.GetValueOrDefault(r),
                keyValues,
                _ => config);

            var inputs = new Dictionary<string, object?>(testCase.GetValueOrDefault("parameters") as Dictionary<string, object?> ?? [], StringComparer.Ordinal);
            foreach ((string key, object? value) in testCase.GetValueOrDefault("runner_parameters") as Dictionary<string, object?> ?? [])
            {
                inputs[key] = value;
            }

            var st2 = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["action_execution_id"] = "chain-execution",
                ["user"] = "stanley",
                ["pack"] = chainRef.Split('.')[0],
            };
            var control = testCase.GetValueOrDefault("control") as Dictionary<string, object?> ?? [];
            int clock = 0;
            int started = 0;
            DateTimeOffset Tick() => Epoch.AddSeconds(++clock);
            var stages = new List<object?>();
            TaskKey? pending = null;
            object? pendingResult = null;

            WorkflowTurn Drive(WorkflowTurn turn)
            {
                while (!turn.IsFinished && turn.Actions.Count > 0)
                {
                    Assert.Single(turn.Actions);
                    ActionRequest request = turn.Actions[0];
                    started++;
                    Dictionary<string, object?> outcome = outcomes.Count > 0
                        ? outcomes.Dequeue()
                        : new Dictionary<string, object?> { ["status"] = "succeeded", ["result"] = new Dictionary<string, object?>() };
                    if (control.GetValueOrDefault("cancel_during") is long cancel && cancel == started)
                    {
                        turn = engine.Apply(turn.State, new WorkflowControlRequested(WorkflowControl.Cancel, Tick()));
                    }

                    if (control.GetValueOrDefault("pause_during") is long pause && pause == started)
                    {
                        turn = engine.Apply(turn.State, new WorkflowControlRequested(WorkflowControl.Pause, Tick()));
                    }

                    var status = WorkflowStatusNames.Parse((string)outcome["status"]!);
                    if (status == WorkflowStatus.Pending)
                    {
                        pending = request.Key;
                        pendingResult = outcome.GetValueOrDefault("result");
                    }

                    turn = engine.Apply(turn.State, new ActionStatusChanged(request.Key, status, outcome.GetValueOrDefault("result"), "ex" + started, Tick()));
                }

                stages.Add(new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["status"] = turn.Status.ToName(),
                    ["result"] = Normalize(ActionChainWorkflowEngine.ResultOf(turn.State)),
                });
                return turn;
            }

            WorkflowTurn turn = Drive(engine.Start(new WorkflowStart(chainRef, inputs, new Dictionary<string, object?> { ["st2"] = st2 }, Tick())));
            foreach (Dictionary<string, object?> step in (testCase.GetValueOrDefault("after") as List<object?> ?? []).Cast<Dictionary<string, object?>>())
            {
                if (step.ContainsKey("answer") || step.ContainsKey("result"))
                {
                    object? result = step.TryGetValue("result", out object? given) ? given : WithResponse(pendingResult, step["answer"]);
                    turn = Drive(engine.Apply(turn.State, new ActionStatusChanged(pending!, WorkflowStatus.Succeeded, result, null, Tick())));
                }
                else
                {
                    turn = Drive(engine.Apply(turn.State, new WorkflowControlRequested(WorkflowControl.Resume, Tick())));
                }
            }

            return new Dictionary<string, object?>(StringComparer.Ordinal) { ["requests"] = requests, ["stages"] = stages };
        }

        private static Dictionary<string, object?> WithResponse(object? pending, object? answer)
        {
            var result = new Dictionary<string, object?>((Dictionary<string, object?>)PlainValues.DeepClone(pending)!, StringComparer.Ordinal)
            {
                ["response"] = answer,
            };
            return result;
        }

        private static object? Normalize(object? value) => value switch
        {
            Dictionary<string, object?> d => d.ToDictionary(
                p => p.Key,
                p => p.Key switch
                {
                    "execution_id" or "liveaction_id" when p.Value is not null => "<id>",
                    "created_at" or "updated_at" when p.Value is not null => "<time>",
                    _ => Normalize(p.Value),
                },
                StringComparer.Ordinal),
            List<object?> l => l.Select(Normalize).ToList(),
            _ => value,
        };

        private static Dictionary<string, ActionSpec> Actions(Dictionary<string, object?> testCase)
        {
            var runners = testCase.GetValueOrDefault("runners") as Dictionary<string, object?> ?? [];
            var result = new Dictionary<string, ActionSpec>(StringComparer.Ordinal);
            foreach ((string reference, object? value) in testCase.GetValueOrDefault("actions") as Dictionary<string, object?> ?? [])
            {
                var action = (Dictionary<string, object?>)value!;
                string runner = action.GetValueOrDefault("runner") as string ?? "local-shell-cmd";
                var runnerParameters = (runners.GetValueOrDefault(runner) as Dictionary<string, object?>)?.GetValueOrDefault("parameters") as Dictionary<string, object?> ?? [];
                result[reference] = Action(reference, runner, runnerParameters, action.GetValueOrDefault("parameters") as Dictionary<string, object?> ?? []);
            }

            return result;
        }

        private static ActionSpec Action(string reference, string runner, Dictionary<string, object?> runnerParameters, Dictionary<string, object?> parameters)
        {
            var effective = new Dictionary<string, ActionParameterSpec>(StringComparer.Ordinal);
            foreach ((string name, object? schema) in runnerParameters)
            {
                effective[name] = ActionParameterSpec.FromSchema(name, (Dictionary<string, object?>)schema!, SourcePosition.Start);
            }

            var own = new Dictionary<string, ActionParameterSpec>(StringComparer.Ordinal);
            foreach ((string name, object? schema) in parameters)
            {
                own[name] = ActionParameterSpec.FromSchema(name, (Dictionary<string, object?>)schema!, SourcePosition.Start);
                effective[name] = effective.TryGetValue(name, out ActionParameterSpec? fromRunner) ? ActionParameterSpec.Overlay(fromRunner, own[name]) : own[name];
            }

            return new ActionSpec
            {
                Ref = reference,
                Name = reference.Split('.', 2)[1],
                Pack = reference.Split('.', 2)[0],
                RunnerType = runner,
                Parameters = own,
                EffectiveParameters = effective,
                MetadataFile = "actions/" + reference + ".yaml",
            };
        }
    }

    /// <summary>The action catalog of a case: records every request (as st2's mocked request does), refuses one whose
    /// outcome is to raise, and names inquiries and workflows by runner.</summary>
    private sealed class RecordingCatalog(Dictionary<string, ActionSpec> actions, Queue<Dictionary<string, object?>> outcomes, List<object?> requests)
        : IWorkflowActionCatalog
    {
        public ActionRequest Describe(TaskKey key, string actionRef, Dictionary<string, object?> input, long? delaySeconds)
        {
            requests.Add(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["ref"] = actionRef,
                ["parameters"] = PlainValues.DeepClone(input),
            });
            if (outcomes.Count > 0 && outcomes.Peek().GetValueOrDefault("raise") is string message)
            {
                outcomes.Dequeue();
                throw new ActionInputRefusedException(message);
            }

            ActionRequestKind kind = actions.GetValueOrDefault(actionRef)?.RunnerType switch
            {
                "inquirer" => ActionRequestKind.Inquiry,
                "orquesta" or "action-chain" => ActionRequestKind.Workflow,
                _ => ActionRequestKind.Action,
            };
            return new ActionRequest(key, actionRef, input, kind);
        }
    }

    private sealed class OneChain(string reference, string text) : IActionChainSource
    {
        public bool TryGetChain(string actionRef, [NotNullWhen(true)] out ActionChainSpec? chain)
        {
            chain = null;
            if (actionRef != reference)
            {
                return false;
            }

            try
            {
                chain = ActionChainSpec.Parse(text, reference.Split('.', 2)[1]);
                return true;
            }
            catch (ActionChainSpecException)
            {
                return false;
            }
        }

        public string WhyNoChain(string actionRef)
        {
            try
            {
                ActionChainSpec.Parse(text, reference.Split('.', 2)[1]);
                return $"{actionRef} is not an action chain.";
            }
            catch (ActionChainSpecException e)
            {
                return e.Message;
            }
        }
    }

    /// <summary>A case's key-value pairs: system keys by name, user keys as <c>user:name</c>.</summary>
    private sealed class CaseKeyValues(Dictionary<string, object?> pairs) : IKeyValueLookup
    {
        public bool TryGet(string scope, string key, bool decrypt, out object? value) =>
            pairs.TryGetValue(scope == "user" ? "user:" + key : key, out value);
    }
}
