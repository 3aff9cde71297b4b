namespace ServerlessFlow.Runtime.Runners.Remote;

/// <summary>Host settings of the remote-shell runners: st2's <c>[ssh_runner]</c> and <c>[system_user]</c> options. The default
/// identity is used when an action gives neither <c>password</c> nor <c>private_key</c>; in Azure it comes from app settings
/// that are Key Vault references, never from pack files.</summary>
public sealed record RemoteRunnerOptions
{
    /// <summary>User to log in as when the action gives no <c>username</c> (st2's <c>system_user.user</c>, default <c>stanley</c>).</summary>
    public string DefaultUsername { get; init; } = "stanley";

    /// <summary>Private key material used when the action gives no credentials (st2's <c>system_user.ssh_key_file</c>, but the key itself).</summary>
    public string? DefaultPrivateKey { get; init; }

    /// <summary>Path of a private key file used when the action gives no credentials and <see cref="DefaultPrivateKey"/> is not set.</summary>
    public string? DefaultPrivateKeyFile { get; init; }

    /// <summary>Passphrase of the default private key, if it has one.</summary>
    public string? DefaultPassphrase { get; init; }

    /// <summary>Most seconds to establish one SSH connection (st2's <c>ssh_connect_timeout</c>, 60); lowered to the action timeout
    /// minus 2 seconds, as st2 does.</summary>
    public double ConnectTimeoutSeconds { get; init; } = 60;

    /// <summary>Most hosts worked on at once by one <c>parallel</c> execution (st2's <c>max_parallel_actions</c>, 50).</summary>
    public int MaxParallelHosts { get; init; } = 50;

    /// <summary>When true, an execution succeeds if any host succeeded (st2's <c>allow_partial_failure</c>, false).</summary>
    public bool AllowPartialFailure { get; init; }

    /// <summary>Remote directory scripts are copied into (st2's <c>remote_dir</c>, <c>/tmp</c>) when the action does not set <c>dir</c>.</summary>
    public string RemoteDirectory { get; init; } = "/tmp";

    /// <summary>An OpenSSH <c>known_hosts</c> file: when set, a host whose key is not listed for it is refused. When null every
    /// host key is accepted, as st2 does (paramiko's AutoAddPolicy), and its SHA-256 fingerprint is reported in the error
    /// text only if the connection fails.</summary>
    public string? KnownHostsFile { get; init; }

    /// <summary>Bytes of stdout and of stderr kept per host.</summary>
    public int CaptureLimit { get; init; } = ShellProcess.DefaultCaptureLimit;

    /// <summary>Reads the options from the environment (app settings in Azure, where the key is a Key Vault reference):
    /// <c>SFLOW_SSH_USER</c>, <c>SFLOW_SSH_PRIVATE_KEY</c>, <c>SFLOW_SSH_PRIVATE_KEY_FILE</c>, <c>SFLOW_SSH_PASSPHRASE</c>,
    /// <c>SFLOW_SSH_KNOWN_HOSTS</c>, <c>SFLOW_SSH_ALLOW_PARTIAL_FAILURE</c>.</summary>
    public static RemoteRunnerOptions FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        static string? Value(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
        return new RemoteRunnerOptions
        {
            DefaultUsername = Value(read("SFLOW_SSH_USER")) ?? "stanley",
            DefaultPrivateKey = Value(read("SFLOW_SSH_PRIVATE_KEY")),
            DefaultPrivateKeyFile = Value(read("SFLOW_SSH_PRIVATE_KEY_FILE")),
            DefaultPassphrase = Value(read("SFLOW_SSH_PASSPHRASE")),
            KnownHostsFile = Value(read("SFLOW_SSH_KNOWN_HOSTS")),
            AllowPartialFailure = string.Equals(Value(read("SFLOW_SSH_ALLOW_PARTIAL_FAILURE")), "true", StringComparison.OrdinalIgnoreCase),
        };
    }
}
