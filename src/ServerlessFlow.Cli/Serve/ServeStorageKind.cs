namespace ServerlessFlow.Cli.Serve;

/// <summary>Where <c>sflow serve</c> keeps its records and Durable state.</summary>
internal enum ServeStorageKind
{
    /// <summary>In process memory: lost on exit (tests, quick tries).</summary>
    Memory,

    /// <summary>Table Storage and the Durable Azure Storage backend on Azurite: survives a restart.</summary>
    Azurite,
}
