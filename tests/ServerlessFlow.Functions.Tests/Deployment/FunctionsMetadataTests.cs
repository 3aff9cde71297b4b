using System.Text.Json;

namespace ServerlessFlow.Functions.Tests.Deployment;

public sealed class FunctionsMetadataTests
{
    /// <summary>Each binding as "function | type | direction | the properties that matter", sorted.</summary>
    private static SortedSet<string> Bindings()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(TestPaths.FunctionsMetadata));
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var name = function.GetProperty("name").GetString();
            foreach (var binding in function.GetProperty("bindings").EnumerateArray())
            {
                var parts = new List<string> { name!, binding.GetProperty("type").GetString()!, binding.GetProperty("direction").GetString()! };
                foreach (var key in new[] { "authLevel", "route", "methods", "queueName", "connection", "schedule", "runOnStartup", "autoCompleteMessages" })
                {
                    if (binding.TryGetProperty(key, out var value))
                    {
                        parts.Add(key + "=" + (value.ValueKind == JsonValueKind.Array ? string.Join(',', value.EnumerateArray().Select(v => v.ToString())) : value.ToString()));
                    }
                }

                result.Add(string.Join(" | ", parts));
            }
        }

        return result;
    }

    [Fact]
    public void FunctionsMetadata_DefaultBuild_ListsExactlyTheExpectedFunctionsAndBindings()
    {
        var expected = new SortedSet<string>(StringComparer.Ordinal)
        {
            "Webhook | httpTrigger | In | authLevel=Anonymous | route=v1/webhooks/{*url} | methods=post",
            "Webhook | http | Out",
            "EvaluateRulesFromQueue | queueTrigger | In | queueName=%SFLOW_TRIGGER_QUEUE% | connection=SflowTriggerQueue",
            "EvaluateRulesFromQueue | queue | Out | queueName=%SFLOW_TRIGGER_QUEUE%-poison | connection=SflowTriggerQueue",
            "EvaluateRulesFromQueue | durableClient | In",
            "sflow-workflow | orchestrationTrigger | In",
            "sflow-run-action | activityTrigger | In",
            "sflow-record-workflow | activityTrigger | In",
            "sflow-apply-step | activityTrigger | In",
            "sflow-run-execution | orchestrationTrigger | In",
            "sflow-run-requested-action | activityTrigger | In",
            "TimerSensor | timerTrigger | In | schedule=%SFLOW_TIMER_SCHEDULE%",
            "SensorPoll | timerTrigger | In | schedule=%SFLOW_SENSOR_POLL_SCHEDULE%",
            "ApiExecutions | httpTrigger | In | authLevel=Anonymous | route=v1/executions/{*rest} | methods=get,post,put,delete",
            "ApiExecutions | durableClient | In",
            "ApiExecutions | http | Out",
            "ApiTriggerInstances | httpTrigger | In | authLevel=Anonymous | route=v1/triggerinstances/{*rest} | methods=get,post",
            "ApiTriggerInstances | http | Out",
            "ApiRuleEnforcements | httpTrigger | In | authLevel=Anonymous | route=v1/ruleenforcements/{*rest} | methods=get",
            "ApiRuleEnforcements | http | Out",
            "ApiKeys | httpTrigger | In | authLevel=Anonymous | route=v1/keys/{*rest} | methods=get,put,delete",
            "ApiKeys | http | Out",
            "ApiInquiries | httpTrigger | In | authLevel=Anonymous | route=v1/inquiries/{*rest} | methods=get,put",
            "ApiInquiries | durableClient | In",
            "ApiInquiries | http | Out",
            "ApiActions | httpTrigger | In | authLevel=Anonymous | route=v1/actions/{*rest} | methods=get",
            "ApiActions | http | Out",
            "ApiWebhooks | httpTrigger | In | authLevel=Anonymous | route=v1/webhooks/{*rest} | methods=get",
            "ApiWebhooks | http | Out",
            "Console | httpTrigger | In | authLevel=Anonymous | route=console/{*path} | methods=get,head",
            "Console | http | Out",
            "ApiResources | httpTrigger | In | authLevel=Anonymous | route=v1/{resource:regex(^(?!webhooks$).+$)}/{*rest} | methods=get,post,put,delete",
            "ApiResources | durableClient | In",
            "ApiResources | http | Out",
            "ChatOpsSlack | httpTrigger | In | authLevel=Anonymous | route=chatops/slack | methods=post",
            "ChatOpsSlack | durableClient | In",
            "ChatOpsSlack | http | Out",
        };

        Assert.Equal(expected, Bindings());
    }

    [Fact]
    public void FunctionsMetadata_DefaultBuild_HasNoServiceBusTrigger()
    {
        Assert.DoesNotContain(Bindings(), b => b.Contains("serviceBus", StringComparison.OrdinalIgnoreCase));
        Assert.False(ServerlessFlow.Functions.RuleEvaluation.RuleEvaluationTriggers.ServiceBusCompiled);
    }
}
