using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ServerlessFlow.Cli.Serve;
using ServerlessFlow.Cli.Tests.Serve;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Python;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.Python;

/// <summary>Real StackStorm content, unmodified (tests/TestData/third_party, see each PROVENANCE): the Python actions of st2's
/// examples pack and three StackStorm Exchange packs (csv, syslog_client, excel), run with <c>sflow run --local</c> and on
/// <c>sflow serve</c>, giving the results the packs' own code computes. Needs Debian's python3 with the packages in
/// eng/ci-deps.sh (six, yaml, requests, bs4, flask, openpyxl).</summary>
public sealed class ThirdPartyPackTests
{
    private static readonly string ThirdParty = Path.Combine(RepositoryPaths.Root, "tests", "TestData", "third_party");
    private static readonly string? SkipReason = FindSkipReason();

    private static string Pack(string name) => name == "examples" ? Path.Combine(ThirdParty, "st2-examples", "examples") : Path.Combine(ThirdParty, name);

    private static async Task<JsonElement> RunLocalAsync(string pack, string? configs, params string[] args)
    {
        string[] options = ["--local", "--json", "--packs", Pack(pack), .. configs is null ? Array.Empty<string>() : ["--configs", configs]];
        var (exit, output, error) = await Sflow.RunAsync(["run", .. args, .. options]);
        Assert.True(output.Length > 0, $"sflow run {string.Join(' ', args)} printed nothing (exit {exit}): {error}");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.Clone();
    }

    private static string Result(JsonElement execution) => JsonText.Serialize(JsonText.Parse(execution.GetProperty("result").GetProperty("result").GetRawText()));

    [SkippableFact]
    public async Task RunLocal_St2ExamplesPythonActions_GiveThePacksResults()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var isprime = await RunLocalAsync("examples", null, "examples.isprime", "value=7");
        var notPrime = await RunLocalAsync("examples", null, "examples.isprime", "value=9");
        var json = await RunLocalAsync("examples", null, "examples.json_string_to_object", """json_str={"a": [1, 2]}""");
        var yaml = await RunLocalAsync("examples", null, "examples.yaml_string_to_object", "yaml_str=a: [1, 2]");
        var objectReturn = await RunLocalAsync("examples", null, "examples.object_return");
        var remote = await RunLocalAsync("examples", null, "examples.python-mock-core-remote", "cmd=uptime", "hosts=h1,h2");
        var loop = await RunLocalAsync("examples", null, "examples.forloop_increase_index_and_check_condition", "index=2", "pagesize=3", """input={"a": 1, "b": 2, "c": 3}""");
        var stop = await RunLocalAsync("examples", null, "examples.forloop_increase_index_and_check_condition", "index=2", "pagesize=3", """input={"a": 1}""");
        var printed = await RunLocalAsync("examples", null, "examples.python_runner_print_to_stdout_and_stderr", "count=2", "sleep_delay=0");

        Assert.Equal("succeeded", isprime.GetProperty("status").GetString());
        Assert.Equal("true", Result(isprime));
        Assert.Equal("false", Result(notPrime));
        Assert.Contains("PYTHONPATH", isprime.GetProperty("result").GetProperty("stderr").GetString(), StringComparison.Ordinal);
        Assert.Equal("""{"a":[1,2]}""", Result(json));
        Assert.Equal("""{"a":[1,2]}""", Result(yaml));
        Assert.Equal("""{"a":"b","c":{"d":"e","f":1,"g":true}}""", Result(objectReturn));
        Assert.Equal("uptime", remote.GetProperty("result").GetProperty("result").GetProperty("h2").GetProperty("stdout").GetString());
        Assert.Equal("3", Result(loop));
        Assert.Equal("failed", stop.GetProperty("status").GetString());
        Assert.Equal("\"Breaking out of the loop\"", Result(stop));
        Assert.Equal("stdout -> Line: 2\n", printed.GetProperty("result").GetProperty("stdout").GetString());
        Assert.Equal("stderr -> Line: 1\n", printed.GetProperty("result").GetProperty("stderr").GetString());
    }

    [SkippableFact]
    public async Task RunLocal_CsvPack_ParsesAndFormats()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var parsed = await RunLocalAsync("csv", null, "csv.parse", "data=a,b\n1,\"x,y\"\n");
        var formatted = await RunLocalAsync("csv", null, "csv.format", """data=[{"name": "ann", "age": 3}, {"name": "bo", "age": 4}]""");
        var empty = await RunLocalAsync("csv", null, "csv.format", "data=[]");

        Assert.Equal("""[["a","b"],["1","x,y"]]""", Result(parsed));
        Assert.Equal("\"name,age\\r\\nann,3\\r\\nbo,4\\r\\n\"", Result(formatted));
        Assert.Equal("failed", empty.GetProperty("status").GetString());
        Assert.Contains("InvalidActionParameterException: data has no rows", empty.GetProperty("result").GetProperty("stderr").GetString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task RunLocal_SyslogClientPack_SendsTheMessageToTheConfiguredServer()
    {
        Skip.If(SkipReason is not null, SkipReason);
        using var server = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)server.Client.LocalEndPoint!).Port;
        var configs = Directory.CreateTempSubdirectory("sflow-configs-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(configs, "syslog_client.yaml"), $"server: 127.0.0.1\nport: {port}\nprotocol: UDP\n");
            var first = await RunLocalAsync("syslog_client", configs, "syslog_client.write_syslog", "message=hello from sflow", "facility=local0", "priority=warning");
            Assert.True(first.GetProperty("status").GetString() == "succeeded", first.GetRawText());
            var received = await server.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal("succeeded", first.GetProperty("status").GetString());
            var text = Encoding.UTF8.GetString(received.Buffer);
            Assert.StartsWith("<134>write_syslog[", text, StringComparison.Ordinal);
            Assert.EndsWith("]: hello from sflow\0", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(configs, recursive: true);
        }
    }

    [SkippableFact]
    public async Task RunLocal_ExcelPack_ReadsAWorkbook()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var workbook = Path.Combine(Path.GetTempPath(), $"sflow-excel-{Guid.NewGuid():N}.xlsx");
        try
        {
            // The workbook is made with openpyxl itself, the library the pack reads it with.
            Run("/usr/bin/python3", "-c", $"import openpyxl; wb = openpyxl.Workbook(); ws = wb.active; ws.title = 'Hosts'; ws.append(['host', 'ip', 'role']); ws.append(['web1', '10.0.0.1', 'web']); ws.append(['db1', '10.0.0.2', 'db']); wb.create_sheet('Other'); wb.save({JsonText.Serialize(workbook)})");
            var sheets = await RunLocalAsync("excel", null, "excel.get_sheets", "excel_file=" + workbook);
            var variables = await RunLocalAsync("excel", null, "excel.get_variables", "excel_file=" + workbook, "sheet=Hosts", "key=db1");

            Assert.Equal("""["Hosts","Other"]""", Result(sheets));
            Assert.Equal("succeeded", variables.GetProperty("status").GetString());
            Assert.Equal("""{"ip":"10.0.0.2","role":"db"}""", Result(variables));
        }
        finally
        {
            File.Delete(workbook);
        }
    }

    [SkippableFact]
    public async Task Serve_ThirdPartyPythonActions_RunThroughTheApi()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var venvs = Directory.CreateTempSubdirectory("sflow-serve-venvs-").FullName;
        try
        {
            await using var host = await ServeHost.StartAsync(new ServeOptions
            {
                PackFolders = [Pack("csv"), Pack("examples")],
                Url = "http://127.0.0.1:0",
                Storage = ServeStorageKind.Memory,
                RunTimerLoop = false,
                Python = new PythonOptions { VirtualEnvironmentsRoot = venvs },
            });
            using var client = new ServeClient(host.Url);
            var (_, csv) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action": "csv.parse", "parameters": {"data": "x;y\n1;2", "delimiter": ";"}}""");
            var (_, prime) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action": "examples.isprime", "parameters": {"value": 13}}""");
            var csvDone = await client.WaitForAsync($"/api/v1/executions/{Field(csv, "id")}", body => Field(body, "status") is "succeeded" or "failed");
            var primeDone = await client.WaitForAsync($"/api/v1/executions/{Field(prime, "id")}", body => Field(body, "status") is "succeeded" or "failed");

            Assert.Equal("""[["x","y"],["1","2"]]""", JsonText.Serialize(Field(Field(csvDone, "result"), "result")));
            Assert.Equal(true, Field(Field(primeDone, "result"), "result"));
        }
        finally
        {
            Directory.Delete(venvs, recursive: true);
        }
    }

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
    }

    private static string? FindSkipReason()
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            return "no /usr/bin/python3 (eng/ci-deps.sh installs Debian's python3)";
        }

        using var probe = Process.Start(new ProcessStartInfo("/usr/bin/python3", "-c \"import venv, six, yaml, requests, bs4, flask, openpyxl\"") { RedirectStandardError = true })!;
        probe.WaitForExit();
        return probe.ExitCode == 0 ? null : "Debian's python3 lacks packages these packs need (python3-venv, -six, -yaml, -requests, -bs4, -flask, -openpyxl; see eng/ci-deps.sh)";
    }
}
