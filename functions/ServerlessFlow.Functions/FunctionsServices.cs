using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServerlessFlow.Functions.Configuration;
using ServerlessFlow.Functions.RuleEvaluation;
using ServerlessFlow.Functions.Telemetry;

namespace ServerlessFlow.Functions;

/// <summary>Registers the Functions app's services: settings (validated at start-up), the webhook
/// endpoint, the trigger-message handler and OpenTelemetry export to Application Insights.</summary>
internal static class FunctionsServices
{
    /// <summary>Adds everything the function classes need except the runtime (<see cref="Hosting.RuntimeServices"/>
    /// composes it and binds <see cref="ITriggerInstanceProcessor"/>, the webhook handler and the timer sensor).</summary>
    public static IServiceCollection AddServerlessFlowFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => FunctionSettings.Read(configuration));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TriggerMessageHandler>();
        services.AddSingleton<ChatOps.SlackApp>();

        var telemetry = services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(SflowTelemetry.SourceName))
            .UseFunctionsWorkerDefaults();
        if (!string.IsNullOrEmpty(configuration[AppSettingNames.ApplicationInsightsConnectionString]))
        {
            // Local auth is disabled on the Application Insights component (infra/modules/monitoring.bicep):
            // the exporter authenticates with the app's user-assigned identity.
            var clientId = configuration[AppSettingNames.AzureClientId];
            telemetry.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = configuration[AppSettingNames.ApplicationInsightsConnectionString];
                options.Credential = string.IsNullOrEmpty(clientId)
                    ? new DefaultAzureCredential()
                    : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            });
        }

        return services;
    }
}
