using System.Globalization;

namespace ServerlessFlow.Runtime.Runners.Mail;

/// <summary>Where <c>core.sendmail</c> sends mail: an SMTP server (in Azure a relay such as Azure Communication Services or
/// SendGrid, its password an app setting with a Key Vault reference). Without a host, a local <c>sendmail</c> is used, as st2 does.</summary>
public sealed record SmtpOptions
{
    /// <summary>The SMTP server, or null to use a local sendmail binary.</summary>
    public string? Host { get; init; }

    /// <summary>The SMTP port (25 by default).</summary>
    public int Port { get; init; } = 25;

    /// <summary>Login user, or null to send without authentication.</summary>
    public string? Username { get; init; }

    /// <summary>Login password.</summary>
    public string? Password { get; init; }

    /// <summary>Transport security: <c>auto</c> (TLS on 465, STARTTLS when offered otherwise), <c>none</c>, <c>starttls</c>
    /// (required), <c>ssl</c> (TLS on connect).</summary>
    public string Security { get; init; } = "auto";

    /// <summary>The host name in a sender given without a domain (<c>stanley</c> becomes <c>stanley@host</c>) and in the
    /// footer; the machine's name when null (st2 uses <c>hostname -f</c>).</summary>
    public string? HostName { get; init; }

    /// <summary>Reads <c>SFLOW_SMTP_HOST</c>, <c>SFLOW_SMTP_PORT</c>, <c>SFLOW_SMTP_USERNAME</c>, <c>SFLOW_SMTP_PASSWORD</c>,
    /// <c>SFLOW_SMTP_SECURITY</c> and <c>SFLOW_SMTP_HOSTNAME</c>.</summary>
    public static SmtpOptions FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        static string? Value(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        var port = Value(read("SFLOW_SMTP_PORT"));
        return new SmtpOptions
        {
            Host = Value(read("SFLOW_SMTP_HOST")),
            Port = port is null ? 25 : int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 65535
                ? p
                : throw new InvalidOperationException($"SFLOW_SMTP_PORT must be a port number (1-65535), not '{port}'."),
            Username = Value(read("SFLOW_SMTP_USERNAME")),
            Password = read("SFLOW_SMTP_PASSWORD"),
            Security = Value(read("SFLOW_SMTP_SECURITY"))?.ToLowerInvariant() ?? "auto",
            HostName = Value(read("SFLOW_SMTP_HOSTNAME")),
        };
    }
}
