using System.CommandLine;
using ServerlessFlow.Cli.Api;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Packs;

namespace ServerlessFlow.Cli;

/// <summary>
/// <c>sflow pack install | remove | reload</c>, as <c>st2 pack install | remove | register</c>: against a running server
/// (<c>--url</c>: <c>POST /api/v1/packs/install</c> and <c>uninstall</c> start an execution of <c>packs.install</c> /
/// <c>packs.uninstall</c>, followed here until it ends; <c>packs/register</c> reloads), or, with <c>--packs DIR</c>, straight
/// into a packs folder on this machine with no server (what <c>sflow run --local</c> and the next <c>sflow serve</c> load).
/// </summary>
internal static class PackLifecycleCommands
{
    private static readonly string[] Columns = ["ref", "version", "previous_version", "changed", "commit"];

    /// <summary><c>sflow pack install</c>.</summary>
    public static Command Install(CliContext context)
    {
        var install = new Command(
            "install",
            "Install or upgrade packs from a git URL, a folder or a StackStorm Exchange name, each optionally '=<tag|branch|commit>'. A pack failing validation is not installed and the installed version stays.");
        var packs = PacksArgument("A git URL (https://…, file://…), a folder, or an Exchange pack name; '=<ref>' pins a tag, branch or commit.");
        var force = new Option<bool>("--force") { Description = "Reinstall a pack whose content is already installed unchanged." };
        var skip = new Option<bool>("--skip-dependencies") { Description = "Do not install the packs' dependencies." };
        var folder = FolderOption();
        var configs = new Option<string?>("--configs") { Description = "With --packs: the pack configs folder whose <pack>.yaml is checked against the new schema (default: configs/ beside the packs folder)." };
        install.Add(packs);
        install.Add(force);
        install.Add(skip);
        install.Add(folder);
        install.Add(configs);
        ApiCommands.Bind(
            install,
            context,
            async (p, client, ct) =>
            {
                string[] names = p.GetValue(packs) ?? [];
                if (p.GetValue(folder) is { } into)
                {
                    var options = new PackInstallOptions { PacksFolder = Path.GetFullPath(into), ConfigsFolder = p.GetValue(configs) ?? PackConfigs.DefaultFolder([into]) };
                    return await LocallyAsync(async () =>
                    {
                        var result = await new PackInstaller(options).InstallAsync(names, p.GetValue(force), p.GetValue(skip), ct).ConfigureAwait(false);
                        return PackActions.Plain(result);
                    }).ConfigureAwait(false);
                }

                return await FollowAsync(
                    client,
                    await client.SendAsync(HttpMethod.Post, "api/v1/packs/install", new Dictionary<string, object?> { ["packs"] = names.Cast<object?>().ToList(), ["force"] = p.GetValue(force), ["skip_dependencies"] = p.GetValue(skip) }, cancellationToken: ct).ConfigureAwait(false),
                    ct).ConfigureAwait(false);
            },
            Print);
        return install;
    }

    /// <summary><c>sflow pack remove</c>.</summary>
    public static Command Remove(CliContext context)
    {
        var remove = new Command("remove", "Remove installed packs (their folder and virtual environment). System packs (core, packs) cannot be removed.");
        var packs = PacksArgument("The pack ref.");
        var folder = FolderOption();
        remove.Add(packs);
        remove.Add(folder);
        ApiCommands.Bind(
            remove,
            context,
            async (p, client, ct) =>
            {
                string[] names = p.GetValue(packs) ?? [];
                if (p.GetValue(folder) is { } from)
                {
                    return await LocallyAsync(async () =>
                    {
                        var removed = await new PackInstaller(new PackInstallOptions { PacksFolder = Path.GetFullPath(from) }).RemoveAsync(names, ct).ConfigureAwait(false);
                        return new Dictionary<string, object?>(StringComparer.Ordinal) { ["packs"] = removed.Select(r => (object?)PackActions.Plain(r)).ToList() };
                    }).ConfigureAwait(false);
                }

                return await FollowAsync(
                    client,
                    await client.SendAsync(HttpMethod.Post, "api/v1/packs/uninstall", new Dictionary<string, object?> { ["packs"] = names.Cast<object?>().ToList() }, cancellationToken: ct).ConfigureAwait(false),
                    ct).ConfigureAwait(false);
            },
            Print);
        return remove;
    }

    /// <summary><c>sflow pack reload</c>.</summary>
    public static Command Reload(CliContext context)
    {
        var reload = new Command(
            "reload",
            "Make a running server read its packs again (st2 pack register / st2ctl reload): rules, sensors and timers follow; running executions keep the definitions they started with.");
        var lenient = new Option<bool>("--allow-errors") { Description = "Run what loaded even when some packs have errors (default: refuse, and the packs running stay)." };
        reload.Add(lenient);
        ApiCommands.Bind(
            reload,
            context,
            (p, client, ct) => client.SendAsync(HttpMethod.Post, "api/v1/packs/register", new Dictionary<string, object?> { ["fail_on_failure"] = !p.GetValue(lenient) }, cancellationToken: ct),
            ApiOutput.Record);
        return reload;
    }

    private static Argument<string[]> PacksArgument(string description) => new("pack") { Description = description, Arity = ArgumentArity.OneOrMore };

    private static Option<string?> FolderOption() => new("--packs")
    {
        Description = "Work on this packs folder on this machine, with no server (otherwise the server at --url does the work).",
    };

    private static async Task<ApiResponse> LocallyAsync(Func<Task<Dictionary<string, object?>>> work)
    {
        try
        {
            return new ApiResponse(200, await work().ConfigureAwait(false));
        }
        catch (PackInstallException ex)
        {
            return new ApiResponse(400, new Dictionary<string, object?> { ["faultstring"] = ex.Message });
        }
    }

    /// <summary>Follows the execution a <c>packs/install</c> or <c>uninstall</c> answer names until it ends; its result, or its
    /// error as a fault.</summary>
    private static async Task<ApiResponse> FollowAsync(ApiClient client, ApiResponse started, CancellationToken cancellationToken)
    {
        if (!started.IsSuccess || started.Body is not Dictionary<string, object?> body || body.GetValueOrDefault("execution_id") is not string id)
        {
            return started;
        }

        while (true)
        {
            var execution = await client.SendAsync(HttpMethod.Get, "api/v1/executions/" + ApiCommands.Segment(id), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!execution.IsSuccess || execution.Body is not Dictionary<string, object?> record)
            {
                return execution;
            }

            switch (record.GetValueOrDefault("status") as string)
            {
                case "succeeded":
                    return new ApiResponse(200, record.GetValueOrDefault("result"));
                case "failed" or "timeout" or "canceled" or "abandoned":
                    var result = record.GetValueOrDefault("result") as Dictionary<string, object?>;
                    return new ApiResponse(500, new Dictionary<string, object?>
                    {
                        ["faultstring"] = $"execution {id} {record["status"]}: {result?.GetValueOrDefault("error") ?? result?.GetValueOrDefault("stderr")}",
                    });
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Print(TextWriter output, object? body)
    {
        var result = body as Dictionary<string, object?>;
        ApiOutput.Table(output, result?.GetValueOrDefault("packs") as List<object?> ?? [], Columns);
        foreach (var warning in (result?.GetValueOrDefault("output") as Dictionary<string, object?>)?.GetValueOrDefault("warning_list") as List<object?> ?? [])
        {
            output.WriteLine("warning: " + warning);
        }
    }
}
