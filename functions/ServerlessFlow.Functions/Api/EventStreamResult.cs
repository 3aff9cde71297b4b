using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace ServerlessFlow.Functions.Api;

/// <summary>A streamed answer (the API's server-sent events): starts the response unbuffered and lets the API write it until
/// the stream ends or the client goes.</summary>
internal sealed class EventStreamResult(string mediaType, Func<Stream, CancellationToken, Task> writer) : IActionResult
{
    /// <inheritdoc/>
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        var aborted = context.HttpContext.RequestAborted;
        response.StatusCode = 200;
        response.ContentType = mediaType;
        response.Headers.CacheControl = "no-cache";
        context.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(aborted).ConfigureAwait(false);
        try
        {
            await writer(response.Body, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away: the stream simply ends.
        }
    }
}
