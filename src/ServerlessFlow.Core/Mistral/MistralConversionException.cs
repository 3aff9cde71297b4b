namespace ServerlessFlow.Core.Mistral;

/// <summary>The file is not a Mistral v2 workflow that can be converted (bad YAML, no workflow, an ambiguous workbook).</summary>
public sealed class MistralConversionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MistralConversionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MistralConversionException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public MistralConversionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
