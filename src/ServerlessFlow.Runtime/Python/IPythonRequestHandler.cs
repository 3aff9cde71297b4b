namespace ServerlessFlow.Runtime.Python;

/// <summary>Answers what pack code asks the host while it runs: the datastore (<c>datastore_get/set/delete/list</c>), trigger
/// dispatch (<c>dispatch</c>) and <c>user_info</c>. Throw <see cref="PythonRequestException"/> to answer with an error the
/// pack sees.</summary>
public interface IPythonRequestHandler
{
    /// <summary>The answer value for one request (its fields as sent, <c>op</c> included).</summary>
    Task<object?> HandleAsync(Dictionary<string, object?> request, CancellationToken cancellationToken);
}
