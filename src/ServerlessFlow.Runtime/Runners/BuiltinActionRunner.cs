using System.Security.Cryptography;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Runners;

/// <summary>Native C# versions of the core actions StackStorm implements in Python (<c>core.uuid</c>, <c>core.pause</c>,
/// <c>core.inject_trigger</c>), with the <c>python-script</c> runner's result shape (<c>result</c>, <c>exit_code</c>, <c>stdout</c>, <c>stderr</c>).
/// Any other python-script action goes to the Python runner when the host has one (see <see cref="Python.PythonScriptRunner"/>).</summary>
public sealed class BuiltinActionRunner : IActionRunner
{
    private readonly TimeProvider time;
    private readonly TriggerDispatcher? triggers;
    private readonly IActionRunner? python;

    /// <summary>Creates the runner; without <paramref name="triggers"/>, core.inject_trigger fails clearly; other python-script
    /// actions run on <paramref name="python"/> (without it they fail, saying this host runs no Python).</summary>
    public BuiltinActionRunner(TimeProvider time, TriggerDispatcher? triggers = null, IActionRunner? python = null)
    {
        this.time = time;
        this.triggers = triggers;
        this.python = python;
    }

    /// <inheritdoc/>
    public string Name => "python-script";

    /// <inheritdoc/>
    public async Task<RunnerOutcome> RunAsync(ActionRunRequest request, CancellationToken cancellationToken)
    {
        var p = request.ActionParameters;
        try
        {
            switch (request.ActionRef)
            {
                case "core.uuid":
                    var type = RunnerParameters.String(p, "uuid_type") ?? "uuid4";
                    var uuid = type switch
                    {
                        "uuid4" => Guid.NewGuid().ToString(),
                        "uuid1" => Uuid1(),
                        _ => throw new ArgumentException($"Unknown uuid_type '{type}' (expected uuid1 or uuid4)."),
                    };
                    return Succeeded(uuid);
                case "core.pause":
                    if (p.GetValueOrDefault("max_pause") is not long maxPause || maxPause < 0)
                    {
                        throw new ArgumentException("Parameter 'max_pause' must be a non-negative integer.");
                    }

                    var seconds = RunnerParameters.Bool(p, "random", false) ? RandomNumberGenerator.GetInt32((int)Math.Min(maxPause, int.MaxValue - 1) + 1) : maxPause;
                    await Task.Delay(TimeSpan.FromSeconds(seconds), time, cancellationToken).ConfigureAwait(false);
                    return Succeeded(null);
                case "core.inject_trigger":
                    var trigger = RunnerParameters.String(p, "trigger");
                    var triggerName = RunnerParameters.String(p, "trigger_name");
                    if (!string.IsNullOrEmpty(trigger) && !string.IsNullOrEmpty(triggerName))
                    {
                        throw new ArgumentException("Parameters `trigger` and `trigger_name` are mutually exclusive.");
                    }

                    var reference = string.IsNullOrEmpty(trigger) ? triggerName : trigger;
                    if (string.IsNullOrEmpty(reference))
                    {
                        throw new ArgumentException("You must include the `trigger_name` parameter.");
                    }

                    if (triggers is null)
                    {
                        throw new ArgumentException("core.inject_trigger needs a trigger bus, and none is configured in this host.");
                    }

                    var payload = RunnerParameters.Object(p, "payload");
                    if (Core.Values.PlainValues.Depth(payload, Core.Rules.RuleLimits.MaxPayloadDepth) > Core.Rules.RuleLimits.MaxPayloadDepth)
                    {
                        throw new ArgumentException($"The payload nests deeper than {Core.Rules.RuleLimits.MaxPayloadDepth} levels: no rule could evaluate it, so it is not dispatched.");
                    }

                    var traceTag = RunnerParameters.String(p, "trace_tag");
                    await triggers.DispatchAsync(reference, payload, traceTag, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return Succeeded(new Dictionary<string, object?>(StringComparer.Ordinal)
                    {
                        ["trigger"] = reference,
                        ["payload"] = payload,
                        ["trace_tag"] = traceTag,
                    });
                default:
                    if (python is not null)
                    {
                        return await python.RunAsync(request, cancellationToken).ConfigureAwait(false);
                    }

                    return RunnerOutcome.Failure(
                        $"Action {request.ActionRef} uses the python-script runner, and this host runs no Python; only {string.Join(", ", Core.Packs.RunnerTypeCatalog.Default.Find(Name)?.NativeActions ?? [])} have native implementations here.");
            }
        }
        catch (Triggers.InvalidTriggerPayloadException ex)
        {
            return RunnerOutcome.Failure(ex.Message);
        }
        catch (ArgumentException ex)
        {
            return new RunnerOutcome(ExecutionStatus.Failed, new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["result"] = null,
                ["exit_code"] = 1L,
                ["stdout"] = string.Empty,
                ["stderr"] = ex.Message,
                ["error"] = ex.Message,
            });
        }
    }

    private static RunnerOutcome Succeeded(object? value) =>
        new(ExecutionStatus.Succeeded, new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["result"] = value,
            ["exit_code"] = 0L,
            ["stdout"] = string.Empty,
            ["stderr"] = string.Empty,
        });

    private string Uuid1()
    {
        // RFC 4122 version 1: 60-bit timestamp in 100 ns since 1582-10-15, random clock sequence and node (multicast bit set, as Python does without a MAC).
        var ticks = time.GetUtcNow().UtcTicks - new DateTime(1582, 10, 15, 0, 0, 0, DateTimeKind.Utc).Ticks;
        var bytes = new byte[16];
        var timeLow = (uint)(ticks & 0xFFFFFFFF);
        var timeMid = (ushort)((ticks >> 32) & 0xFFFF);
        var timeHi = (ushort)(((ticks >> 48) & 0x0FFF) | 0x1000);
        bytes[0] = (byte)(timeLow >> 24);
        bytes[1] = (byte)(timeLow >> 16);
        bytes[2] = (byte)(timeLow >> 8);
        bytes[3] = (byte)timeLow;
        bytes[4] = (byte)(timeMid >> 8);
        bytes[5] = (byte)timeMid;
        bytes[6] = (byte)(timeHi >> 8);
        bytes[7] = (byte)timeHi;
        RandomNumberGenerator.Fill(bytes.AsSpan(8));
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        bytes[10] |= 0x01;
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
