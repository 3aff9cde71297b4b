using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Actions;

namespace ServerlessFlow.Runtime.Inquiries;

/// <summary>st2's <c>mask_inquiry_response</c>: in API output, an inquiry response's properties that the response schema
/// declares <c>secret</c> show as the mask; the stored response (which the workflow reads) is unchanged.</summary>
public static class InquiryResponseMask
{
    /// <summary>A copy of <paramref name="response"/> with the schema's secret properties masked.</summary>
    public static Dictionary<string, object?> Apply(Dictionary<string, object?> response, IReadOnlyDictionary<string, object?> schema)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(schema);
        var masked = (Dictionary<string, object?>)PlainValues.DeepClone(response)!;
        if (schema.GetValueOrDefault("properties") is Dictionary<string, object?> properties)
        {
            foreach (var (name, property) in properties)
            {
                if (property is Dictionary<string, object?> spec && spec.GetValueOrDefault("secret") is true && masked.ContainsKey(name))
                {
                    masked[name] = ActionParameterResolver.Mask;
                }
            }
        }

        return masked;
    }

    /// <summary>An execution record in API shape with its inquiry response masked, when it is a <c>core.ask</c>
    /// (inquirer runner) execution whose result holds a schema and a response (as st2's execution model does).</summary>
    public static Dictionary<string, object?> ApplyToExecution(Dictionary<string, object?> plainExecution, string runner)
    {
        ArgumentNullException.ThrowIfNull(plainExecution);
        if (runner == "inquirer"
            && plainExecution.GetValueOrDefault("result") is Dictionary<string, object?> result
            && result.GetValueOrDefault("schema") is Dictionary<string, object?> { Count: > 0 } schema
            && result.GetValueOrDefault("response") is Dictionary<string, object?> { Count: > 0 } response)
        {
            result["response"] = Apply(response, schema);
        }

        return plainExecution;
    }
}
