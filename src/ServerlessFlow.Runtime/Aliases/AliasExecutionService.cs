using ServerlessFlow.Core.Aliases;
using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Core.Workflows;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Records;
using ServerlessFlow.Runtime.Runners;

namespace ServerlessFlow.Runtime.Aliases;

/// <summary>
/// Use case: run an action through an action alias, as st2's <c>aliasexecution</c> controller does — find the alias (the one
/// format the command matches, or the alias and format named), extract the parameters from the command, add the alias's
/// <c>immutable_parameters</c> (rendered as Jinja: they are pack text), cast them by the action's parameter types (st2's
/// <c>cast_params</c>), store a <c>requested</c> execution per match whose context names the alias, the chat user and channel,
/// start it out of band and render the alias's <c>ack</c>. The command's text is only ever matched and cast, never evaluated:
/// the values taken from it are data, including a shell action's <c>cmd</c>.
/// </summary>
public sealed class AliasExecutionService
{
    private readonly PackCatalog catalog;
    private readonly ActionExecutionService actions;
    private readonly IExecutionScheduler? scheduler;
    private readonly IKeyValueLookup? keyValues;
    private readonly TimeProvider time;
    private readonly ExpressionEngine expressions = new();
    private readonly ExecutionView view;
    private readonly ActionAliasesApi aliasView;

    /// <summary>Creates the service over the loaded packs and the action use case; with a <paramref name="scheduler"/> the
    /// actions run where it runs them (the Functions app: a Durable orchestration), otherwise in the background of this
    /// process (workflows always start durably); <paramref name="keyValues"/> serves <c>st2kv</c> in the alias's templates.</summary>
    public AliasExecutionService(PackCatalog catalog, ActionExecutionService actions, TimeProvider time, IExecutionScheduler? scheduler = null, IKeyValueLookup? keyValues = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(time);
        this.catalog = catalog;
        this.actions = actions;
        this.scheduler = scheduler;
        this.keyValues = keyValues;
        this.time = time;
        view = new ExecutionView(catalog, time);
        aliasView = new ActionAliasesApi(catalog);
    }

    /// <summary>The aliases of the loaded packs, by ref.</summary>
    public IReadOnlyList<ActionAliasSpec> Aliases => catalog.Packs.SelectMany(p => p.Aliases).OrderBy(a => a.Ref, StringComparer.Ordinal).ToList();

    /// <summary>The one format <paramref name="command"/> matches (st2's <c>actionalias/match</c>); throws
    /// <see cref="AliasAmbiguityException"/> with st2's message when none or several do.</summary>
    public AliasFormatMatch Match(string command) => AliasMatcher.MatchOne(command, Aliases);

    /// <summary>Help entries (st2's <c>actionalias/help</c>).</summary>
    public AliasHelpResult Help(string? filter = null, string? pack = null, int limit = 0, int offset = 0) =>
        AliasHelp.Generate(Aliases, filter, pack, limit, offset);

    /// <summary>The alias as the API shows it.</summary>
    public Dictionary<string, object?> ToPlain(ActionAliasSpec alias) => aliasView.ToPlain(alias);

    /// <summary>The execution as the API shows it (secrets masked).</summary>
    public Dictionary<string, object?> ToPlain(ExecutionState execution) => view.ToPlain(execution);

    /// <summary>Runs the command through its alias: one result per execution (several for a <c>match_multiple</c> format).
    /// Throws <see cref="AliasAmbiguityException"/> when the command matches no alias or several, and
    /// <see cref="AliasExecutionException"/> (nothing stored) for anything else st2 refuses.</summary>
    public async Task<IReadOnlyList<AliasExecutionResult>> ExecuteAsync(AliasExecutionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ActionAliasSpec alias;
        string representation;
        bool matchMultiple;
        if (request.Name is null)
        {
            var match = Match(request.Command);
            (alias, representation, matchMultiple) = (match.Alias, match.Representation, match.MatchMultiple);
        }
        else
        {
            alias = Aliases.FirstOrDefault(a => a.Name == request.Name)
                ?? throw new AliasExecutionException(404, $"Unable to identify action alias with name \"{request.Name}\".");
            representation = request.Format ?? string.Empty;
            matchMultiple = false;
        }

        if (!alias.Enabled)
        {
            throw new AliasExecutionException($"Action alias with name \"{alias.Name}\" is disabled.");
        }

        var action = catalog.FindAction(alias.ActionRef)
            ?? throw new AliasExecutionException(404, $"Action with ref \"{alias.ActionRef}\" not found ");
        var pack = catalog.FindPack(action.Pack)
            ?? throw new AliasExecutionException(404, $"Pack {action.Pack} of action {action.Ref} is not loaded.");

        List<Dictionary<string, object?>> parameterSets;
        try
        {
            var parser = new AliasFormatParser(representation, request.Command);
            parameterSets = matchMultiple ? parser.ExtractAll() : [parser.Extract()];
        }
        catch (AliasParseException ex)
        {
            throw new AliasExecutionException(ex.Message);
        }
        catch (AliasFormatException ex)
        {
            throw new AliasExecutionException($"Alias {alias.Ref} has a format that is not a valid pattern ({representation}): {ex.Message}");
        }

        var context = new ExecutionContextState
        {
            ActionAliasRef = alias.Ref,
            ApiUser = string.IsNullOrEmpty(request.User) ? null : request.User,
            SourceChannel = string.IsNullOrEmpty(request.SourceChannel) ? null : request.SourceChannel,
        };

        // Every set is cast before anything is stored, so a bad value in the third match stores nothing.
        var immutable = RenderImmutable(alias, context);
        var prepared = new List<Dictionary<string, object?>>();
        foreach (var extracted in parameterSets)
        {
            foreach (var (name, value) in immutable)
            {
                extracted[name] = PlainValues.DeepClone(value);
            }

            prepared.Add(AliasParameterCast.Cast(action, extracted));
        }

        var results = new List<AliasExecutionResult>();
        foreach (var parameters in prepared)
        {
            var execution = await StartAsync(action, pack, parameters, context, cancellationToken).ConfigureAwait(false);
            var plainExecution = view.ToPlain(execution);
            var plainAlias = aliasView.ToPlain(alias);
            var (message, extra) = RenderAck(alias, plainExecution, plainAlias);
            results.Add(new AliasExecutionResult(execution, plainExecution, alias, plainAlias, message, extra));
        }

        return results;
    }

    // Stored as requested first (parameters checked: a bad one stores nothing), then run out of band: st2's action_service.request.
    private async Task<ExecutionState> StartAsync(ActionSpec action, PackSpec pack, Dictionary<string, object?> parameters, ExecutionContextState context, CancellationToken ct)
    {
        var actionDirectory = Path.Combine(pack.Location, "actions");
        if (WorkflowRunnerTypes.IsWorkflow(action.RunnerType))
        {
            // A workflow starts its orchestration and answers running at once.
            try
            {
                return await actions.RunAsync(action, parameters, actionDirectory, context, RecordIds.New(time), cancellationToken: ct).ConfigureAwait(false);
            }
            catch (ActionParameterException ex)
            {
                throw new AliasExecutionException(ex.Message);
            }
        }

        ExecutionState requested;
        try
        {
            requested = await actions.RequestAsync(action, parameters, context, RecordIds.New(time), ct).ConfigureAwait(false);
        }
        catch (ActionParameterException ex)
        {
            throw new AliasExecutionException(ex.Message);
        }

        // A scheduled command carries its parameters into Durable history: a secret given in a chat stays in this process.
        if (scheduler is not null && !ExecutionsApi.GivesSecret(action, parameters))
        {
            try
            {
                await scheduler.ScheduleAsync(new RunExecutionCommand(requested.Id, action.Ref, JsonText.Serialize(parameters)), ct).ConfigureAwait(false);
                return requested;
            }
#pragma warning disable CA1031 // Whatever stopped the scheduling, the requested execution must not stay requested forever: it fails with the reason.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                return await actions.CompleteAsync(requested, RunnerOutcome.Failure($"The execution could not be scheduled: {ex.Message}"), CancellationToken.None).ConfigureAwait(false);
            }
        }

        _ = Task.Run(() => RunInBackgroundAsync(action, parameters, actionDirectory, requested), CancellationToken.None);
        return requested;
    }

    // The chat (or st2 client) has its answer already; the run goes on past the request that asked for it.
    private async Task RunInBackgroundAsync(ActionSpec action, Dictionary<string, object?> parameters, string actionDirectory, ExecutionState requested)
    {
        try
        {
            await actions.RunAsync(action, parameters, actionDirectory, requested.Context, requested.Id, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Nobody awaits this run: whatever ended it is recorded on the execution instead of being lost.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (await actions.GetExecutionAsync(requested.Id, CancellationToken.None).ConfigureAwait(false) is { } stored && !stored.Status.IsCompleted())
            {
                await actions.CompleteAsync(stored, RunnerOutcome.Failure($"The execution could not be run: {ex.Message}"), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    // st2's inject_immutable_parameters: render_values over the alias's immutable parameters with the execution context and
    // st2kv. Strings render as Jinja (to text); lists and mappings render inside.
    private Dictionary<string, object?> RenderImmutable(ActionAliasSpec alias, ExecutionContextState context)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (alias.ImmutableParameters is not { Count: > 0 } immutable)
        {
            return result;
        }

        var plainContext = ExecutionState.Create(string.Empty, alias.ActionRef, string.Empty, [], context, time.GetUtcNow()).ToPlain()["context"] as Dictionary<string, object?> ?? [];
        var data = new Dictionary<string, object?>(plainContext, StringComparer.Ordinal);
        data["__context"] = PlainValues.DeepClone(plainContext);
        var scope = new ExpressionScope(data) { KeyValues = keyValues };
        foreach (var (name, value) in immutable)
        {
            try
            {
                result[name] = value switch
                {
                    string text => expressions.RenderJinja(text, scope),
                    List<object?> or Dictionary<string, object?> => expressions.RenderJinjaValue(PlainValues.DeepClone(value), scope),
                    _ => PlainValues.DeepClone(value),
                };
            }
            catch (ExpressionException ex)
            {
                throw new AliasExecutionException($"Alias {alias.Ref}: immutable parameter '{name}' could not be rendered: {ex.Message}");
            }
        }

        return result;
    }

    // st2 renders ack.format and ack.extra over {execution, actionalias}; an undefined name is reported in the message rather
    // than failing the request, with st2's words.
    private (string? Message, object? Extra) RenderAck(ActionAliasSpec alias, Dictionary<string, object?> execution, Dictionary<string, object?> plainAlias)
    {
        if (alias.Ack is not { Count: > 0 } ack)
        {
            return (null, null);
        }

        var scope = Scope(execution, plainAlias, "actionalias");
        string? message = null;
        object? extra = null;
        if (ack.GetValueOrDefault("format") is { } format)
        {
            try
            {
                message = format is string text ? expressions.RenderJinja(text, scope) : PythonJsonText(format);
            }
            catch (ExpressionException ex)
            {
                message = "Cannot render \"format\" in field \"ack\" for alias. " + ex.Message;
            }
        }

        if (ack.TryGetValue("extra", out var extraTemplate))
        {
            try
            {
                extra = expressions.RenderJinjaValue(PlainValues.DeepClone(extraTemplate), scope);
            }
            catch (ExpressionException ex)
            {
                extra = "Cannot render \"extra\" in field \"ack\" for alias. " + ex.Message;
            }
        }

        return (message, extra);
    }

    /// <summary>The chat answer for a finished execution, as st2's <c>chatops.format_execution_result</c> makes it: the alias's
    /// <c>result.format</c> rendered over <c>execution</c> and <c>alias</c> (and <c>result.extra</c>), or, without one, a
    /// summary of ours (status, and stdout/stderr or the result as JSON); null message when the alias turns results off
    /// (<c>result.enabled: false</c>). The execution's values are data the template reads, never templates themselves.</summary>
    public (string? Message, object? Extra) RenderResult(ActionAliasSpec alias, ExecutionState execution)
    {
        ArgumentNullException.ThrowIfNull(alias);
        ArgumentNullException.ThrowIfNull(execution);
        var plainExecution = view.ToPlain(execution);
        var settings = alias.Result;
        if (settings?.GetValueOrDefault("enabled") is false)
        {
            return (null, null);
        }

        var scope = Scope(plainExecution, aliasView.ToPlain(alias), "alias");
        object? extra = null;
        if (settings?.TryGetValue("extra", out var extraTemplate) == true)
        {
            try
            {
                extra = expressions.RenderJinjaValue(PlainValues.DeepClone(extraTemplate), scope);
            }
            catch (ExpressionException ex)
            {
                extra = "Cannot render \"extra\" in field \"result\" for alias. " + ex.Message;
            }
        }

        if (settings?.GetValueOrDefault("format") is string format)
        {
            try
            {
                return (expressions.RenderJinja(format, scope), extra);
            }
            catch (ExpressionException ex)
            {
                return ($"Cannot render \"format\" in field \"result\" for alias {alias.Ref}: {ex.Message}", extra);
            }
        }

        return (DefaultResult(execution), extra);
    }

    private static string DefaultResult(ExecutionState execution)
    {
        var text = new System.Text.StringBuilder();
        text.Append(execution.Action).Append(' ').Append(execution.Status.ToApiName()).Append(" (execution ").Append(execution.Id).Append(')');
        if (execution.Result is Dictionary<string, object?> result && (result.ContainsKey("stdout") || result.ContainsKey("stderr")))
        {
            foreach (var stream in new[] { "stdout", "stderr" })
            {
                if (result.GetValueOrDefault(stream) is string output && output.Length > 0)
                {
                    text.Append('\n').Append(stream).Append(":\n").Append(output.TrimEnd('\n'));
                }
            }
        }
        else if (execution.Result is not null)
        {
            text.Append('\n').Append(PythonJsonText(execution.Result));
        }

        return text.ToString();
    }

    private ExpressionScope Scope(Dictionary<string, object?> execution, Dictionary<string, object?> alias, string aliasName)
    {
        var data = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["execution"] = execution,
            [aliasName] = alias,
        };
        data["__context"] = new Dictionary<string, object?>(data, StringComparer.Ordinal);
        return new ExpressionScope(data) { KeyValues = keyValues };
    }

    private static string PythonJsonText(object? value) => Core.Expressions.Functions.PythonJson.Dumps(value);
}
