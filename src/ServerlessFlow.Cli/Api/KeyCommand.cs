using System.CommandLine;

namespace ServerlessFlow.Cli.Api;

/// <summary><c>sflow key set|get|list|delete</c> (system scope) against <c>sflow serve</c>.</summary>
internal static class KeyCommand
{
    private static readonly string[] Columns = ["name", "value", "secret", "expire_timestamp"];

    /// <summary>Builds the <c>key</c> command group.</summary>
    public static Command Create(CliContext context)
    {
        var group = new Command("key", "Key-value pairs (st2kv.system) on a running sflow serve.");

        var setName = new Argument<string>("name") { Description = "The key." };
        var setValue = new Argument<string>("value") { Description = "The value (a string, as in StackStorm)." };
        var secret = new Option<bool>("--secret") { Description = "Encrypt the value (the server needs SFLOW_DATASTORE_KEY)." };
        var ttl = new Option<long?>("--ttl") { Description = "Seconds until the key expires." };
        var set = new Command("set", "Set a key.");
        set.Add(setName);
        set.Add(setValue);
        set.Add(secret);
        set.Add(ttl);
        ApiCommands.Bind(
            set,
            context,
            (p, client, ct) =>
            {
                var body = new Dictionary<string, object?>(StringComparer.Ordinal) { ["value"] = p.GetValue(setValue), ["secret"] = p.GetValue(secret) };
                if (p.GetValue(ttl) is { } seconds)
                {
                    body["ttl"] = seconds;
                }

                return client.SendAsync(HttpMethod.Put, $"api/v1/keys/{ApiCommands.Segment(p.GetValue(setName)!)}", body, cancellationToken: ct);
            },
            (output, body) => ApiOutput.Table(output, [body], Columns));
        group.Add(set);

        var getName = new Argument<string>("name") { Description = "The key." };
        var getDecrypt = DecryptOption();
        var get = new Command("get", "Show a key.");
        get.Add(getName);
        get.Add(getDecrypt);
        ApiCommands.Bind(
            get,
            context,
            (p, client, ct) => client.SendAsync(HttpMethod.Get, $"api/v1/keys/{ApiCommands.Segment(p.GetValue(getName)!)}" + DecryptQuery(p.GetValue(getDecrypt)), cancellationToken: ct), (output, body) => ApiOutput.Table(output, [body], Columns));
        group.Add(get);

        var prefix = new Option<string?>("--prefix") { Description = "Only keys starting with this." };
        var listDecrypt = DecryptOption();
        var list = new Command("list", "List keys.");
        list.Add(prefix);
        list.Add(listDecrypt);
        ApiCommands.Bind(
            list,
            context,
            (p, client, ct) => client.SendAsync(
                HttpMethod.Get, "api/v1/keys" + ApiCommands.Query(("prefix", p.GetValue(prefix)), ("decrypt", p.GetValue(listDecrypt) ? "true" : null)), cancellationToken: ct), (output, body) => ApiOutput.Table(output, body as List<object?> ?? [], Columns));
        group.Add(list);

        var deleteName = new Argument<string>("name") { Description = "The key." };
        var delete = new Command("delete", "Delete a key.");
        delete.Add(deleteName);
        ApiCommands.Bind(delete, context, (p, client, ct) => client.SendAsync(HttpMethod.Delete, $"api/v1/keys/{ApiCommands.Segment(p.GetValue(deleteName)!)}", cancellationToken: ct), (output, _) => output.WriteLine("Deleted."));
        group.Add(delete);
        return group;
    }

    private static Option<bool> DecryptOption() => new("--decrypt") { Description = "Show secret values in clear text (decrypt=true)." };

    private static string DecryptQuery(bool decrypt) => ApiCommands.Query(("decrypt", decrypt ? "true" : null));
}
