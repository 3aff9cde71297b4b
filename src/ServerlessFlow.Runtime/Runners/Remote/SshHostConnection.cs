using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace ServerlessFlow.Runtime.Runners.Remote;

/// <summary>One SSH session to one host (through a bastion when one is given, over a <c>direct-tcpip</c> channel as st2 does),
/// with commands run under a timeout that kills them and output kept within a bound, and SFTP for script uploads.</summary>
internal sealed class SshHostConnection : IDisposable
{
    private readonly SshClient client;
    private readonly SshClient? bastion;
    private readonly ForwardedPortLocal? tunnel;
    private SftpClient? sftp;
    private readonly ConnectionInfo connection;

    private SshHostConnection(SshClient client, ConnectionInfo connection, SshClient? bastion, ForwardedPortLocal? tunnel)
    {
        this.client = client;
        this.connection = connection;
        this.bastion = bastion;
        this.tunnel = tunnel;
    }

    /// <summary>Connects and logs in; throws <see cref="SshConnectException"/> with a message that names the host, port and
    /// user and never a secret.</summary>
    public static async Task<SshHostConnection> ConnectAsync(
        string hostName,
        int port,
        SshTarget? bastionHost,
        SshCredentials credentials,
        KnownHosts? knownHosts,
        TimeSpan connectTimeout,
        CancellationToken cancellationToken)
    {
        SshClient? bastion = null;
        ForwardedPortLocal? tunnel = null;
        var connectHost = hostName;
        var connectPort = port;
        try
        {
            if (bastionHost is not null)
            {
                var bastionPort = bastionHost.Port ?? port;
                bastion = await OpenAsync(bastionHost.HostName, bastionPort, bastionHost.HostName, bastionPort, credentials, knownHosts, connectTimeout, "bastion host ", cancellationToken).ConfigureAwait(false);

                // SSH.NET opens direct-tcpip channels through a local forward: a loopback port only this process connects to.
                tunnel = new ForwardedPortLocal("127.0.0.1", 0, hostName, (uint)port);
                bastion.AddForwardedPort(tunnel);
                tunnel.Start();
                connectHost = "127.0.0.1";
                connectPort = (int)tunnel.BoundPort;
            }

            var info = Info(connectHost, connectPort, credentials, connectTimeout);
            var client = await OpenAsync(connectHost, connectPort, hostName, port, credentials, knownHosts, connectTimeout, string.Empty, cancellationToken, info).ConfigureAwait(false);
            return new SshHostConnection(client, info, bastion, tunnel);
        }
        catch
        {
            tunnel?.Dispose();
            bastion?.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="commandText"/>; <paramref name="input"/> (e.g. a sudo password) is written to its standard
    /// input, which is then closed so an interactive command cannot hang. On timeout or cancellation the command's process
    /// group is killed (SIGKILL) and the channel closed.</summary>
    /// <remarks>OpenSSH refuses the SSH "signal" request in many setups ("session signalling requires privilege separation"),
    /// so the command first prints its shell's process id (the session leader sshd made with setsid, so also its process
    /// group) on a line of its own, which is taken off stdout; a kill runs <c>kill -KILL -- -PID</c> on a second channel.</remarks>
    public async Task<RemoteCommandResult> RunAsync(
        string commandText,
        string? input,
        bool sudo,
        TimeSpan timeout,
        TimeProvider time,
        int captureLimit,
        CancellationToken cancellationToken)
    {
        using var command = client.CreateCommand("printf '%s\\n' \"$$\"; " + commandText, Encoding.UTF8);
        var stdout = new BoundedOutputCapture(captureLimit);
        var stderr = new BoundedOutputCapture(captureLimit);
        var execution = command.ExecuteAsync(CancellationToken.None);
        var processId = ReadProcessIdAsync(command.OutputStream, stdout);
        var readOut = ReadRestAsync(processId, stdout, command.OutputStream);
        var readErr = stderr.ReadToEndAsync(command.ExtendedOutputStream, CancellationToken.None);
        using (var stdin = command.CreateInputStream())
        {
            if (input is not null)
            {
                await stdin.WriteAsync(Encoding.UTF8.GetBytes(input), cancellationToken).ConfigureAwait(false);
            }
        }

        using var deadline = timeout > TimeSpan.Zero ? new CancellationTokenSource(timeout, time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var stopped = Task.Delay(Timeout.InfiniteTimeSpan, time, linked.Token);
        var timedOut = false;
        if (await Task.WhenAny(execution, stopped).ConfigureAwait(false) != execution)
        {
            timedOut = deadline.IsCancellationRequested;
            await KillAsync(processId, sudo).ConfigureAwait(false);
        }

        try
        {
            // Safety bounds on real time (not the action's clock): they only stop a wait on a server that never answers.
            await execution.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SshException or TimeoutException)
        {
            // After a kill: the exit code below says what happened; the channel is closed when the command is disposed.
        }

        // The output streams end when the channel closes; do not wait forever on a server that never closes it.
        var reads = Task.WhenAll(readOut, readErr);
        await Task.WhenAny(reads, Task.Delay(TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return new RemoteCommandResult(timedOut ? -9 : command.ExitStatus ?? -1, stdout.Text(), stderr.Text(), timedOut);
    }

    /// <summary>Reads the first stdout line, the shell's process id; anything else read (a login script that printed first)
    /// goes back into the captured output.</summary>
    private static async Task<int?> ReadProcessIdAsync(Stream output, BoundedOutputCapture capture)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (line.Count < 32 && await output.ReadAsync(one).ConfigureAwait(false) == 1)
        {
            if (one[0] == (byte)'\n')
            {
                if (int.TryParse(Encoding.ASCII.GetString([.. line]), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 1)
                {
                    return pid;
                }

                line.Add(one[0]);
                break;
            }

            line.Add(one[0]);
        }

        await capture.ReadToEndAsync(new MemoryStream([.. line]), CancellationToken.None).ConfigureAwait(false);
        return null;
    }

    private static async Task ReadRestAsync(Task<int?> processId, BoundedOutputCapture capture, Stream output)
    {
        await processId.ConfigureAwait(false);
        await capture.ReadToEndAsync(output, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task KillAsync(Task<int?> processId, bool sudo)
    {
        int? read;
        try
        {
            // The id is the command's first output line; under load its reader may not have run yet, so wait for it (bounded).
            read = await processId.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or SshException or ObjectDisposedException or IOException)
        {
            return;
        }

        if (read is not { } pid)
        {
            return;
        }

        var group = "-" + pid.ToString(CultureInfo.InvariantCulture);
        var kill = $"kill -KILL -- {group} 2>/dev/null" + (sudo ? $"; sudo -n kill -KILL -- {group} 2>/dev/null" : string.Empty) + "; true";
        try
        {
            using var killer = client.CreateCommand(kill);
            await killer.ExecuteAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SshException or InvalidOperationException or ObjectDisposedException or TimeoutException)
        {
            // The session is gone; closing the channel is all that is left.
        }
    }

    /// <summary>Creates <paramref name="path"/> over SFTP.</summary>
    public Task CreateDirectoryAsync(string path, CancellationToken cancellationToken) =>
        Sftp().CreateDirectoryAsync(path, cancellationToken);

    /// <summary>Uploads <paramref name="localPath"/> to <paramref name="remotePath"/> with <paramref name="mode"/> (SSH.NET's form:
    /// the octal digits read as decimal, 744 for rwxr--r--).</summary>
    public async Task UploadAsync(string localPath, string remotePath, short mode, CancellationToken cancellationToken)
    {
        var sftpClient = Sftp();
        await using (var content = File.OpenRead(localPath))
        {
            await sftpClient.UploadFileAsync(content, remotePath, cancellationToken).ConfigureAwait(false);
        }

        sftpClient.ChangePermissions(remotePath, mode);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        sftp?.Dispose();
        client.Dispose();
        tunnel?.Dispose();
        bastion?.Dispose();
    }

    private SftpClient Sftp()
    {
        if (sftp is null)
        {
            sftp = new SftpClient(connection);
            sftp.Connect();
        }

        return sftp;
    }

    private static ConnectionInfo Info(string host, int port, SshCredentials credentials, TimeSpan connectTimeout) =>
        new(host, port, credentials.Username, credentials.Methods()) { Timeout = connectTimeout };

    private static async Task<SshClient> OpenAsync(
        string connectHost,
        int connectPort,
        string hostName,
        int port,
        SshCredentials credentials,
        KnownHosts? knownHosts,
        TimeSpan connectTimeout,
        string role,
        CancellationToken cancellationToken,
        ConnectionInfo? info = null)
    {
        info ??= Info(connectHost, connectPort, credentials, connectTimeout);
        var client = new SshClient(info);
        string? refusedFingerprint = null;
        client.HostKeyReceived += (_, e) =>
        {
            if (knownHosts is not null && !knownHosts.Trusts(hostName, port, e.HostKey))
            {
                e.CanTrust = false;
                refusedFingerprint = e.FingerPrintSHA256;
            }
        };

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(connectTimeout);
        var where = string.Create(CultureInfo.InvariantCulture, $"{role}{hostName} port {port} as user '{credentials.Username}'");
        try
        {
            await client.ConnectAsync(deadline.Token).ConfigureAwait(false);
            return client;
        }
        catch (Exception ex)
        {
            client.Dispose();
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            var seconds = connectTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            throw ex switch
            {
                SshConnectionException when refusedFingerprint is not null => new SshConnectException(
                    $"Error connecting to {where}: the host key SHA256:{refusedFingerprint} is not trusted by the known_hosts file.", ex),
                SshAuthenticationException => new SshConnectException(
                    $"Error connecting to {where}: authentication failed with {credentials.Description} ({ex.Message.TrimEnd('.')}).", ex),
                OperationCanceledException or SshOperationTimeoutException => new SshConnectException(
                    $"Error connecting to {where}: the SSH connection did not succeed in {seconds} seconds.", ex),
                SocketException socket => new SshConnectException($"Error connecting to {where}: {socket.Message}.", ex),
                SshException or ProxyException or InvalidOperationException or IOException => new SshConnectException(
                    $"Error connecting to {where}: {ex.Message.TrimEnd('.')}.", ex),
                _ => ex,
            };
        }
    }
}
