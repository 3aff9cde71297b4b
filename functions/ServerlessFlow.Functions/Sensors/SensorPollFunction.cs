using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ServerlessFlow.Functions.Configuration;
using ServerlessFlow.Runtime.Python;

namespace ServerlessFlow.Functions.Sensors;

/// <summary>Python polling sensors in Azure: ticks on <c>SFLOW_SENSOR_POLL_SCHEDULE</c> and calls <c>poll()</c> of every
/// polling sensor whose <c>poll_interval</c> has passed, in a warm worker that keeps the sensor instance between ticks
/// (Timer triggers run on one instance at a time). Dispatches become trigger instances on the app's trigger bus. Passive
/// sensors are refused with a message to use a webhook.</summary>
internal sealed partial class SensorPollFunction(PythonSensorPoller poller, TimeProvider time, ILogger<SensorPollFunction> logger)
{
    /// <summary>The function name in functions.metadata.</summary>
    public const string Name = "SensorPoll";

    /// <summary>One tick.</summary>
    [Function(Name)]
    public Task RunAsync(
        [TimerTrigger("%" + AppSettingNames.SensorPollSchedule + "%")] TimerInfo timer,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        return TickAsync(cancellationToken);
    }

    /// <summary>Polls the due sensors and logs each outcome; returns them.</summary>
    public async Task<IReadOnlyList<SensorPollOutcome>> TickAsync(CancellationToken cancellationToken)
    {
        var outcomes = await poller.PollDueAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        foreach (var outcome in outcomes)
        {
            if (outcome.Succeeded)
            {
                LogPolled(outcome.Sensor, outcome.Dispatched, outcome.Error ?? "none");
            }
            else
            {
                LogPollFailed(outcome.Sensor, outcome.Error ?? "unknown");
            }
        }

        return outcomes;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sensor {Sensor} polled: {Dispatched} trigger instances dispatched; refused: {Refused}")]
    private partial void LogPolled(string sensor, int dispatched, string refused);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sensor {Sensor} poll failed: {Error}")]
    private partial void LogPollFailed(string sensor, string error);
}
