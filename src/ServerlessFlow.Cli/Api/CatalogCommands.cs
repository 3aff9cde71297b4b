using System.CommandLine;
using System.Globalization;

namespace ServerlessFlow.Cli.Api;

/// <summary>Builds the read commands of the API's catalogue-like resources (<c>list</c> as a table with filters, <c>get</c> of one
/// record by ref or id), so each group states only its resource, columns and filters.</summary>
internal static class CatalogCommands
{
    /// <summary><c>list</c>: <c>GET /api/v1/{resource}</c> with the given filters (each an option <c>--name</c> sent as
    /// <c>name</c>, dashes as underscores) and <c>--limit</c>, printed as a table of <paramref name="columns"/>.</summary>
    public static Command List(CliContext context, string resource, string description, string[] columns, params (string Option, string Help)[] filters)
    {
        var list = new Command("list", description);
        var options = filters.Select(f => (Query: f.Option.Replace('-', '_'), Option: new Option<string?>("--" + f.Option) { Description = f.Help })).ToList();
        foreach (var (_, option) in options)
        {
            list.Add(option);
        }

        var limit = new Option<int>("--limit") { Description = "Page size (1-1000).", DefaultValueFactory = _ => 100 };
        list.Add(limit);
        ApiCommands.Bind(
            list,
            context,
            (p, client, ct) => client.SendAsync(
                HttpMethod.Get,
                $"api/v1/{resource}" + ApiCommands.Query([.. options.Select(o => (o.Query, p.GetValue(o.Option))), ("limit", p.GetValue(limit).ToString(CultureInfo.InvariantCulture))]),
                cancellationToken: ct),
            (output, body) => ApiOutput.Table(output, body as List<object?> ?? [], columns));
        return list;
    }

    /// <summary><c>get</c>: <c>GET /api/v1/{resource}/{ref_or_id}</c>, printed as a record.</summary>
    public static Command Get(CliContext context, string resource, string description, string what = "ref or id")
    {
        var get = new Command("get", description);
        var id = new Argument<string>("id") { Description = $"The {what}." };
        get.Add(id);
        ApiCommands.Bind(
            get,
            context,
            (p, client, ct) => client.SendAsync(HttpMethod.Get, $"api/v1/{resource}/{ApiCommands.Segment(p.GetValue(id)!)}", cancellationToken: ct),
            ApiOutput.Record);
        return get;
    }

    /// <summary>A group holding a list (and a get, when <paramref name="get"/> is given).</summary>
    public static Command Group(string name, string description, Command list, Command? get = null)
    {
        var group = new Command(name, description);
        group.Add(list);
        if (get is not null)
        {
            group.Add(get);
        }

        return group;
    }
}
