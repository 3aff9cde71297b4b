using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ServerlessFlow.Runtime.Tests.Runners.Remote;

/// <summary>A real OpenSSH server for the remote runner tests: Debian's <c>sshd</c> started by the test on a free loopback port
/// (listening on 127.0.0.1 and 127.0.0.2, so two "hosts" have two names), with a configuration, host key and throw-away
/// client keys in its own temporary folder, logging in as the current user. Nothing system-wide is configured; when the
/// test runs as root, sshd's privilege separation folder <c>/run/sshd</c> is created if missing, as Debian's service does.</summary>
public sealed class OpenSshServer : IAsyncLifetime
{
    private const string Sshd = "/usr/sbin/sshd";
    private const string KeyGen = "/usr/bin/ssh-keygen";
    private Process? process;

    /// <summary>Why the server cannot run here, or null.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>The folder holding configuration and keys.</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "sflow-sshd-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The user the tests log in as.</summary>
    public string User { get; } = Environment.UserName;

    /// <summary>An authorised private key (OpenSSH format, no passphrase).</summary>
    public string ClientKey { get; private set; } = string.Empty;

    /// <summary>An authorised private key protected by <see cref="Passphrase"/>.</summary>
    public string EncryptedClientKey { get; private set; } = string.Empty;

    /// <summary>The passphrase of <see cref="EncryptedClientKey"/>.</summary>
    public string Passphrase { get; } = "correct horse battery";

    /// <summary>A valid private key the server does not know.</summary>
    public string UnknownClientKey { get; private set; } = string.Empty;

    /// <summary>A known_hosts line for the server's host key on both addresses.</summary>
    public string KnownHostsLine { get; private set; } = string.Empty;

    /// <summary>"127.0.0.1:port".</summary>
    public string Host1 => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>"127.0.0.2:port".</summary>
    public string Host2 => string.Create(CultureInfo.InvariantCulture, $"127.0.0.2:{Port}");

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(Sshd) || !File.Exists(KeyGen))
        {
            Unavailable = "OpenSSH server (Debian openssh-server, openssh-client) is not installed; eng/ci-deps.sh installs it";
            return;
        }

        Directory.CreateDirectory(Folder);
        if (Environment.UserName == "root" && !Directory.Exists("/run/sshd"))
        {
            Directory.CreateDirectory("/run/sshd");
        }

        await KeyGenAsync("host_key", string.Empty);
        await KeyGenAsync("client_key", string.Empty);
        await KeyGenAsync("client_key_encrypted", Passphrase);
        await KeyGenAsync("unknown_key", string.Empty);
        ClientKey = await File.ReadAllTextAsync(Path.Combine(Folder, "client_key"));
        EncryptedClientKey = await File.ReadAllTextAsync(Path.Combine(Folder, "client_key_encrypted"));
        UnknownClientKey = await File.ReadAllTextAsync(Path.Combine(Folder, "unknown_key"));
        await File.WriteAllTextAsync(
            Path.Combine(Folder, "authorized_keys"),
            await File.ReadAllTextAsync(Path.Combine(Folder, "client_key.pub")) + await File.ReadAllTextAsync(Path.Combine(Folder, "client_key_encrypted.pub")));
        File.SetUnixFileMode(Path.Combine(Folder, "authorized_keys"), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var hostPublic = (await File.ReadAllTextAsync(Path.Combine(Folder, "host_key.pub"))).Trim().Split(' ');
        KnownHostsLine = string.Create(CultureInfo.InvariantCulture, $"[127.0.0.1]:{Port},[127.0.0.2]:{Port} {hostPublic[0]} {hostPublic[1]}");
        var config = Path.Combine(Folder, "sshd_config");
        await File.WriteAllTextAsync(config, string.Join('\n',
            $"Port {Port}",
            "ListenAddress 127.0.0.1",
            "ListenAddress 127.0.0.2",
            $"HostKey {Folder}/host_key",
            $"AuthorizedKeysFile {Folder}/authorized_keys",
            $"PidFile {Folder}/sshd.pid",
            "PermitRootLogin prohibit-password",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "UsePAM no",
            "StrictModes no",
            "AllowTcpForwarding yes",
            "MaxStartups 100",
            "MaxSessions 100",
            "Subsystem sftp internal-sftp",
            string.Empty));

        process = Process.Start(new ProcessStartInfo(Sshd)
        {
            ArgumentList = { "-D", "-E", Path.Combine(Folder, "sshd.log"), "-f", config },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("sshd did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        // Wait until both addresses accept connections (an upper bound, not a timing assumption).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var address in new[] { "127.0.0.1", "127.0.0.2" })
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"sshd exited with code {process.ExitCode}");
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Parse(address), Port);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                }
            }
        }
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        if (Directory.Exists(Folder) && Environment.GetEnvironmentVariable("SFLOW_KEEP_SSHD") is null)
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private async Task KeyGenAsync(string name, string passphrase)
    {
        using var keygen = Process.Start(new ProcessStartInfo(KeyGen)
        {
            ArgumentList = { "-q", "-t", "ed25519", "-N", passphrase, "-C", "sflow-test", "-f", Path.Combine(Folder, name) },
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await keygen.WaitForExitAsync();
        if (keygen.ExitCode != 0)
        {
            throw new InvalidOperationException($"ssh-keygen failed for {name}: {await keygen.StandardError.ReadToEndAsync()}");
        }
    }
}
