using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ServerlessFlow.Runtime.Tests.Runners;

/// <summary>An HttpListener on 127.0.0.1 and a free port, answering each request with a handler (no outside network).</summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;
    private readonly Func<HttpListenerRequest, string, Task<(int Status, string ContentType, string Body)>> handler;

    public LoopbackHttpServer(Func<HttpListenerRequest, string, Task<(int Status, string ContentType, string Body)>> handler)
    {
        this.handler = handler;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public List<(string Method, string Url, string Body, string? Header)> Requests { get; } = [];

    private async Task LoopAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            lock (Requests)
            {
                Requests.Add((context.Request.HttpMethod, context.Request.Url!.PathAndQuery, body, context.Request.Headers["X-Test"]));
            }

            var (status, contentType, responseBody) = await handler(context.Request, body);
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            var bytes = Encoding.UTF8.GetBytes(responseBody);
            try
            {
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
            catch (HttpListenerException)
            {
                // The client gave up (timeout test).
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            listener.Stop();
            listener.Close();
        }
        catch (HttpListenerException)
        {
            // Managed HttpListener on Linux can fail to unregister while a client connection is still closing.
        }

        await loop;
    }
}
