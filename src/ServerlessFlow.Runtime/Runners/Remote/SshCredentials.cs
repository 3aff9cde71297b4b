using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace ServerlessFlow.Runtime.Runners.Remote;

/// <summary>How a remote runner logs in: a user and either a password or a private key (material or a file on the worker),
/// chosen as st2's <c>BaseParallelSSHRunner</c> does (password first, then the action's key, then the host's default key).
/// Secrets stay inside this object: <see cref="ToString"/> and every error it raises name no secret value.</summary>
public sealed class SshCredentials
{
    private readonly string? password;
    private readonly IPrivateKeySource? key;

    private SshCredentials(string username, string? password, IPrivateKeySource? key, string description)
    {
        Username = username;
        this.password = password;
        this.key = key;
        Description = description;
    }

    /// <summary>The login user.</summary>
    public string Username { get; }

    /// <summary>What is used to log in, without secrets ("password", "private key from the action"…).</summary>
    public string Description { get; }

    /// <summary>Picks the credentials from the runner parameters and the host defaults; throws <see cref="ArgumentException"/>
    /// with st2's wording when they are missing or unusable.</summary>
    public static SshCredentials Resolve(string? username, string? password, string? privateKey, string? passphrase, RemoteRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var user = string.IsNullOrEmpty(username) ? options.DefaultUsername : username;
        if (!string.IsNullOrEmpty(password))
        {
            return new SshCredentials(user, password, null, "password");
        }

        if (!string.IsNullOrEmpty(privateKey))
        {
            return new SshCredentials(user, null, LoadKey(privateKey, passphrase, "private_key"), "private key from the action");
        }

        if (!string.IsNullOrEmpty(passphrase))
        {
            throw new ArgumentException("passphrase should accompany private key material");
        }

        if (!string.IsNullOrEmpty(options.DefaultPrivateKey))
        {
            return new SshCredentials(user, null, LoadKey(options.DefaultPrivateKey, options.DefaultPassphrase, "SFLOW_SSH_PRIVATE_KEY"), "the host's default private key");
        }

        if (!string.IsNullOrEmpty(options.DefaultPrivateKeyFile))
        {
            return new SshCredentials(user, null, LoadKey(options.DefaultPrivateKeyFile, options.DefaultPassphrase, "SFLOW_SSH_PRIVATE_KEY_FILE"), "the host's default private key file");
        }

        throw new ArgumentException(
            "Either password or key file location or key material should be supplied for action "
            + "(runner parameters 'password' or 'private_key', e.g. from st2kv, or the host's SFLOW_SSH_PRIVATE_KEY).");
    }

    /// <summary>The SSH.NET authentication methods for <see cref="Username"/>.</summary>
    internal AuthenticationMethod[] Methods() =>
        key is not null
            ? [new PrivateKeyAuthenticationMethod(Username, key)]
            : [new PasswordAuthenticationMethod(Username, password ?? string.Empty)];

    /// <inheritdoc/>
    public override string ToString() => $"{Username} ({Description})";

    /// <summary>st2's rule: text containing "PRIVATE KEY-----" is key material; anything else is a path to a key file.</summary>
    private static PrivateKeyFile LoadKey(string keyOrPath, string? passphrase, string source)
    {
        var isMaterial = keyOrPath.Contains("private key-----", StringComparison.OrdinalIgnoreCase);
        var pass = string.IsNullOrEmpty(passphrase) ? null : passphrase;
        if (!isMaterial && !File.Exists(keyOrPath))
        {
            // Neither key material nor an existing file: say so without echoing the value (it may be a mangled key).
            throw new ArgumentException(
                $"'{source}' is neither private key material (text with a '-----BEGIN ... PRIVATE KEY-----' header) nor the path of an existing key file.");
        }

        try
        {
            if (!isMaterial)
            {
                return pass is null ? new PrivateKeyFile(keyOrPath) : new PrivateKeyFile(keyOrPath, pass);
            }

            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(keyOrPath.Replace("\r\n", "\n", StringComparison.Ordinal)));
            return pass is null ? new PrivateKeyFile(stream) : new PrivateKeyFile(stream, pass);
        }
        catch (SshPassPhraseNullOrEmptyException)
        {
            throw new ArgumentException(isMaterial
                ? $"The private key in '{source}' is passphrase protected. Supply a passphrase."
                : $"Private key file {keyOrPath} is passphrase protected. Supply a passphrase.");
        }
        catch (Exception ex) when (ex is SshException or InvalidOperationException or FormatException or NotSupportedException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            throw new ArgumentException(pass is null
                ? $"'{source}': invalid or unsupported private key ({ex.Message.TrimEnd('.')})."
                : $"'{source}': invalid passphrase or invalid/unsupported private key ({ex.Message.TrimEnd('.')}).");
        }
    }
}
