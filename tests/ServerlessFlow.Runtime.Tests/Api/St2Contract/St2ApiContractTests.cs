using System.Text.RegularExpressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Enforcements;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Rules;
using ServerlessFlow.Runtime.Tests.Support;
using static ServerlessFlow.Runtime.Tests.Api.ApiCalls;
using Microsoft.Extensions.Time.Testing;

namespace ServerlessFlow.Runtime.Tests.Api.St2Contract;

/// <summary>
/// Pins every resource's answers to StackStorm's own description of them: each record a list or get returns validates
/// against the schema of st2's API model class for it (<c>st2-api-models.json</c>, extracted by <c>generate.py</c> from
/// st2common/models/api at the commit it names: fields, types, required fields, enums, no fields st2 does not have), executions
/// also against the <c>Execution</c> definition of st2's <c>openapi.yaml</c> (<c>st2-openapi-definitions.json</c>, its
/// definitions as JSON), and every error against its <c>Error</c> definition (<c>{"faultstring"}</c>). Both files hold
/// StackStorm's text (Apache-2.0) as test data.
/// </summary>
public sealed class St2ApiContractTests
{
    private static readonly Dictionary<string, object?> Models = (Dictionary<string, object?>)((Dictionary<string, object?>)JsonText.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Api", "St2Contract", "st2-api-models.json")))!)["models"]!;

    private static readonly Dictionary<string, object?> OpenApiDefinitions = (Dictionary<string, object?>)((Dictionary<string, object?>)JsonText.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Api", "St2Contract", "st2-openapi-definitions.json")))!)["definitions"]!;

    private const string DemoPack = """
        {"pack.yaml": "name: demo\ndescription: Contract test pack.\nversion: 1.2.3\nauthor: Ann\nemail: ann@example.com\nkeywords: [test]\n",
         "rules/hook.yaml": "name: hook\ndescription: A webhook rule.\nenabled: true\ntrigger: {type: core.st2.webhook, parameters: {url: demo}}\ncriteria: {trigger.body.x: {type: equals, pattern: 1}}\naction: {ref: core.echo, parameters: {message: hi}}\ntags: [{name: team, value: ops}]\n",
         "triggers/thing.yaml": "name: thing\ndescription: A thing happened.\npayload_schema: {type: object, properties: {n: {type: integer}}}\n",
         "sensors/watch.yaml": "class_name: Watcher\nentry_point: watch.py\ndescription: Watches.\npoll_interval: 30\ntrigger_types: [{name: watched, description: Seen., payload_schema: {type: object}}]\n",
         "policies/limit.yaml": "name: limit\ndescription: At most two at once.\nresource_ref: core.echo\npolicy_type: action.concurrency\nparameters: {threshold: 2}\n",
         "aliases/say.yaml": "name: say\naction_ref: core.echo\ndescription: Says it.\nformats: ['say {{message}}', {display: 'shout <m>', representation: ['shout {{message}}']}]\nack: {format: ok}\n"}
        """;

    /// <summary>Fields ServerlessFlow adds to StackStorm's records, each for a reason (clients that do not know them ignore them,
    /// as st2client and st2web do with fields newer st2 versions add).</summary>
    private static readonly Dictionary<string, string[]> Extensions = new(StringComparer.Ordinal)
    {
        // The trace tag (filter and show what one event caused) and the rule's trigger parameters (re_emit keeps them).
        ["TriggerInstanceAPI"] = ["trace_tag", "trigger_parameters"],
        ["RuleEnforcementAPI"] = ["trace_tag", "trigger_type"],
        // The owner of a user-scoped pair (st2 shows it in the uid and name).
        ["KeyValuePairAPI"] = ["user"],
        // st2 serves an inquiry's state through the execution; here the inquiry also carries it.
        ["InquiryAPI"] = ["response", "created_at"],
        // What the sensor's process is doing, where the host runs it (st2 shows that only in its sensor container's logs).
        ["SensorTypeAPI"] = ["state"],
    };

    public static TheoryData<string, string, string> Reads => new()
    {
        { "actions", "", "ActionAPI" },
        { "actions", "core.echo", "ActionAPI" },
        { "runnertypes", "", "RunnerTypeAPI" },
        { "runnertypes", "orquesta", "RunnerTypeAPI" },
        { "packs", "", "PackAPI" },
        { "packs", "demo", "PackAPI" },
        { "rules", "", "RuleAPI" },
        { "rules", "demo.hook", "RuleAPI" },
        { "triggertypes", "", "TriggerTypeAPI" },
        { "triggertypes", "demo.thing", "TriggerTypeAPI" },
        { "triggers", "", "TriggerAPI" },
        { "sensortypes", "", "SensorTypeAPI" },
        { "sensortypes", "demo.Watcher", "SensorTypeAPI" },
        { "webhooks", "", "TriggerAPI" },
        { "webhooks", "demo", "TriggerAPI" },
        { "policytypes", "", "PolicyTypeAPI" },
        { "policytypes", "action.retry", "PolicyTypeAPI" },
        { "policies", "", "PolicyAPI" },
        { "policies", "demo.limit", "PolicyAPI" },
        { "actionalias", "", "ActionAliasAPI" },
        { "actionalias", "demo.say", "ActionAliasAPI" },
        { "executions", "", "ActionExecutionAPI" },
        { "triggerinstances", "", "TriggerInstanceAPI" },
        { "ruleenforcements", "", "RuleEnforcementAPI" },
        { "keys", "", "KeyValuePairAPI" },
        { "traces", "", "TraceAPI" },
        { "inquiries", "", "InquiryAPI" },
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task HandleAsync_Read_MatchesStackStormsModelSchema(string resource, string path, string model)
    {
        var api = await WorldAsync();

        var result = await api.HandleAsync(resource, Get(path), CancellationToken.None);

        Assert.Equal(200, result.StatusCode);
        var records = result.Body is List<object?> list ? list : [result.Body];
        Assert.NotEmpty(records);
        var schema = (Dictionary<string, object?>)((Dictionary<string, object?>)Models[model]!)["schema"]!;
        foreach (var record in records)
        {
            Assert.Empty(SchemaCheck.Problems(record, schema, $"{resource}/{path}", allowId: true, extensions: Extensions.GetValueOrDefault(model)));
        }
    }

    [Fact]
    public async Task HandleAsync_Policies_ListsThePacksPoliciesWithTheirTypesDefaultsAndFilters()
    {
        var api = await WorldAsync();

        var all = await api.HandleAsync("policies", Get(), CancellationToken.None);
        var byResource = await api.HandleAsync("policies", Get("", ("resource_ref", "core.echo")), CancellationToken.None);
        var otherType = await api.HandleAsync("policies", Get("", ("policy_type", "action.retry")), CancellationToken.None);
        var types = await api.HandleAsync("policytypes", Get(), CancellationToken.None);

        var policy = Assert.Single(List(all));
        Assert.Equal("demo.limit", Field(policy, "ref"));
        Assert.Equal("policy:demo:limit", Field(policy, "uid"));
        Assert.Equal("action.concurrency", Field(policy, "policy_type"));
        Assert.Equal(2L, Field(Field(policy, "parameters"), "threshold"));
        Assert.Equal("delay", Field(Field(policy, "parameters"), "action"));
        Assert.Single(List(byResource));
        Assert.Empty(List(otherType));
        Assert.Equal(PolicyTypeCatalog.All.Keys, List(types).Select(t => (string)Field(t, "ref")!));
        Assert.Equal("failure", Assert.IsType<List<object?>>(Field(Field(Field(List(types)[2], "parameters"), "retry_on"), "enum"))[0]);
    }

    private static object? Field(object? value, string name) =>
        value is Dictionary<string, object?> d ? d.GetValueOrDefault(name) : null;

    [Fact]
    public async Task HandleAsync_Executions_MatchOpenApiExecutionDefinition()
    {
        var api = await WorldAsync();

        var result = await api.HandleAsync("executions", Get(), CancellationToken.None);

        var schema = (Dictionary<string, object?>)OpenApiDefinitions["Execution"]!;
        Assert.All(List(result), e => Assert.Empty(SchemaCheck.Problems(e, schema, "executions", allowId: false, OpenApiDefinitions)));
    }

    public static TheoryData<string, string> Misses => new()
    {
        { "nothing", "" },
        { "actions", "no.such" },
        { "executions", "000000000000000000000000" },
        { "runnertypes", "no-runner" },
        { "packs", "nopack" },
        { "rules", "no.rule" },
        { "triggertypes", "no.type" },
        { "triggers", "no.trigger" },
        { "sensortypes", "no.Sensor" },
        { "webhooks", "no-hook" },
        { "policytypes", "action.nothing" },
        { "policies", "no.policy" },
        { "actionalias", "no.alias" },
        { "traces", "bm8tdHJhY2U" },
        { "triggerinstances", "nope" },
        { "ruleenforcements", "nope" },
        { "keys", "nope" },
        { "inquiries", "nope" },
        { "executions", "x/y/z" },
    };

    [Theory]
    [MemberData(nameof(Misses))]
    public async Task HandleAsync_UnknownResourceOrId_AnswersStackStormsErrorShape(string resource, string path)
    {
        var api = await WorldAsync();

        var result = await api.HandleAsync(resource, Get(path), CancellationToken.None);

        Assert.Equal(404, result.StatusCode);
        Assert.Empty(SchemaCheck.Problems(result.Body, (Dictionary<string, object?>)OpenApiDefinitions["Error"]!, resource, allowId: false, OpenApiDefinitions));
        Assert.NotEmpty(Fault(result));
    }

    /// <summary>The API over a catalogue with one of everything and a store holding one record of each kind.</summary>
    private static async Task<ReadRunApi> WorldAsync()
    {
        var files = ((Dictionary<string, object?>)JsonText.Parse(DemoPack)!).ToDictionary(f => f.Key, f => (string)f.Value!, StringComparer.Ordinal);
        var demo = PackLoader.Load(new InMemoryPackSource("demo", files, "demo"));
        var core = CorePack.Catalog.Packs.Single(p => p.Ref == "core");
        var catalog = PackCatalog.Create([new PackLoadResult(core, []), demo]);
        Assert.False(catalog.HasErrors, string.Join("; ", catalog.Diagnostics.Where(d => d.IsError)));

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
        var host = new TestHost(time);
        var enforcements = new InMemoryEnforcementStore();
        var keys = new KeyValueService(new InMemoryKeyValueStore(), null, time, host.Triggers);
        var control = new RecordingWorkflowControl(new InquiryService(host.Inquiries, host.Executions, host.Actions));
        var rules = new RuleRegistry(catalog, time);
        var api = new ReadRunApi(ApiKeyGuard.Open, new ApiServices
        {
            Catalog = catalog,
            Rules = rules,
            RulesWritable = true,
            Executions = host.Executions,
            TriggerInstances = host.TriggerInstances,
            Enforcements = enforcements,
            Inquiries = host.Inquiries,
            Keys = keys,
            Actions = host.Actions,
            Workflows = control,
            Triggers = host.Triggers,
            Time = time,
        }.Resources());

        // One record of each kind: a webhook's instance, its rule's enforcement and execution (one trace), a key, an inquiry.
        var instance = await host.Triggers.DispatchAsync("core.st2.webhook", new() { ["body"] = new Dictionary<string, object?> { ["x"] = 1L }, ["headers"] = new Dictionary<string, object?>() }, "contract-trace", triggerParameters: new() { ["url"] = "demo" });
        await new RuleEvaluationService(rules, catalog, enforcements, host.TriggerInstances, host.Actions, time, keys).ProcessAsync(instance);
        await keys.SetAsync("greeting", "hello");
        await host.RunCoreAsync("core.ask", new() { ["schema"] = new Dictionary<string, object?> { ["type"] = "object", ["properties"] = new Dictionary<string, object?> { ["ok"] = new Dictionary<string, object?> { ["type"] = "boolean" } } } });
        return api;
    }

    /// <summary>A JSON-schema check of the subset st2's API models use (draft 3's per-property <c>required</c> and draft 4's
    /// list, type, properties, additionalProperties false, enum, pattern, items, anyOf, $ref into definitions).</summary>
    private static class SchemaCheck
    {
        public static List<string> Problems(object? value, Dictionary<string, object?> schema, string at, bool allowId, Dictionary<string, object?>? definitions = null, string[]? extensions = null)
        {
            var problems = new List<string>();
            Check(value, schema, at, allowId, definitions, problems, extensions ?? []);
            return problems;
        }

        private static void Check(object? value, Dictionary<string, object?> schema, string at, bool allowId, Dictionary<string, object?>? definitions, List<string> problems, string[]? extensions = null)
        {
            extensions ??= [];
            if (schema.GetValueOrDefault("$ref") is string reference && definitions is not null)
            {
                schema = (Dictionary<string, object?>)definitions[reference["#/definitions/".Length..]]!;
            }

            if (schema.GetValueOrDefault("anyOf") is List<object?> anyOf && anyOf.Count > 0
                && !anyOf.OfType<Dictionary<string, object?>>().Any(option => Problems(value, option, at, allowId, definitions).Count == 0))
            {
                problems.Add($"{at}: matches none of anyOf");
            }

            if (schema.GetValueOrDefault("type") is { } type && !TypeMatches(value, type, schema))
            {
                problems.Add($"{at}: {JsonText.Serialize(value)} is not of type {JsonText.Serialize(type)}");
                return;
            }

            if (schema.GetValueOrDefault("enum") is List<object?> choices && !choices.Any(c => PlainValues.DeepEquals(c, value)))
            {
                problems.Add($"{at}: {JsonText.Serialize(value)} is not one of {JsonText.Serialize(choices)}");
            }

            if (schema.GetValueOrDefault("pattern") is string pattern && value is string text && !Regex.IsMatch(text, pattern))
            {
                problems.Add($"{at}: '{text}' does not match {pattern}");
            }

            if (value is Dictionary<string, object?> record)
            {
                var properties = schema.GetValueOrDefault("properties") as Dictionary<string, object?> ?? [];
                foreach (var (name, property) in properties)
                {
                    var required = property is Dictionary<string, object?> p && p.GetValueOrDefault("required") is true
                        || (schema.GetValueOrDefault("required") is List<object?> names && names.Contains(name));
                    if (!record.ContainsKey(name))
                    {
                        if (required)
                        {
                            problems.Add($"{at}: required field '{name}' is missing");
                        }

                        continue;
                    }

                    if (property is Dictionary<string, object?> propertySchema)
                    {
                        Check(record[name], propertySchema, $"{at}.{name}", allowId: false, definitions, problems);
                    }
                }

                var patterns = schema.GetValueOrDefault("patternProperties") as Dictionary<string, object?> ?? [];
                foreach (var (name, field) in record.Where(f => !properties.ContainsKey(f.Key)))
                {
                    foreach (var (_, patternSchema) in patterns.Where(p => Regex.IsMatch(name, p.Key)))
                    {
                        if (patternSchema is Dictionary<string, object?> fieldSchema)
                        {
                            Check(field, fieldSchema, $"{at}.{name}", allowId: false, definitions, problems);
                        }
                    }
                }

                if (schema.GetValueOrDefault("additionalProperties") is false)
                {
                    // st2's BaseAPI.from_model adds the document id to every record, whether the model lists it or not.
                    problems.AddRange(record.Keys
                        .Where(k => !properties.ContainsKey(k) && !patterns.Keys.Any(p => Regex.IsMatch(k, p)) && !(allowId && k == "id") && !extensions.Contains(k))
                        .Select(k => $"{at}: field '{k}' is not in StackStorm's schema"));
                }
            }

            if (value is List<object?> items && schema.GetValueOrDefault("items") is Dictionary<string, object?> itemSchema)
            {
                for (var i = 0; i < items.Count; i++)
                {
                    Check(items[i], itemSchema, $"{at}[{i}]", allowId: false, definitions, problems);
                }
            }
        }

        private static bool TypeMatches(object? value, object type, Dictionary<string, object?> schema)
        {
            if (value is null && (schema.ContainsKey("default") && schema["default"] is null || schema.GetValueOrDefault("x-nullable") is true))
            {
                return true;
            }

            return type switch
            {
                List<object?> options => options.OfType<string>().Any(t => IsType(value, t)),
                string one => IsType(value, one),
                _ => true,
            };
        }

        private static bool IsType(object? value, string type) => type switch
        {
            "string" => value is string,
            "boolean" => value is bool,
            "integer" => value is long or int,
            "number" => value is long or int or double or decimal,
            "object" => value is Dictionary<string, object?>,
            "array" => value is List<object?>,
            "null" => value is null,
            _ => true,
        };
    }
}
