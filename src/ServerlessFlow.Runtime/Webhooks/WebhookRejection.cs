namespace ServerlessFlow.Runtime.Webhooks;

/// <summary>Why a webhook request was refused: the HTTP status to answer and a message naming what was wrong.</summary>
/// <param name="StatusCode">400 malformed, 401 no credential, 403 wrong or stale credential, 404 unknown hook, 413 too large, 415 unsupported content type.</param>
/// <param name="Message">Text for the caller; never contains a secret.</param>
public sealed record WebhookRejection(int StatusCode, string Message);
