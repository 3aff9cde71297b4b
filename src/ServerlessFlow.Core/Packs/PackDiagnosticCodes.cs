namespace ServerlessFlow.Core.Packs;

/// <summary>The stable diagnostic codes the pack loader and catalog report (documented in the README).</summary>
public static class PackDiagnosticCodes
{
    // YAML reading (the codes of YamlValueReader are passed through unchanged).

    /// <summary>The YAML could not be parsed.</summary>
    public const string YamlSyntax = "yaml-syntax";

    /// <summary>The file is larger than the loader accepts for a metadata file.</summary>
    public const string FileTooLarge = "file-too-large";

    /// <summary>The file could not be read (I/O error, not UTF-8).</summary>
    public const string FileUnreadable = "file-unreadable";

    /// <summary>The file holds no YAML document.</summary>
    public const string EmptyFile = "empty-file";

    /// <summary>The document (or a field) should be a mapping.</summary>
    public const string NotAMapping = "not-a-mapping";

    // Fields.

    /// <summary>A required field is absent.</summary>
    public const string MissingField = "missing-field";

    /// <summary>A field has the wrong YAML type.</summary>
    public const string WrongType = "wrong-type";

    /// <summary>A field StackStorm does not accept here.</summary>
    public const string UnknownField = "unknown-field";

    /// <summary>A field has a value outside what it accepts (pattern, enum, range).</summary>
    public const string InvalidValue = "invalid-value";

    // Pack structure.

    /// <summary>The pack has no pack.yaml.</summary>
    public const string MissingPackMetadata = "missing-pack-metadata";

    /// <summary>A folder or file kind ServerlessFlow does not use (aliases, policies…).</summary>
    public const string UnsupportedContent = "unsupported-content";

    /// <summary>A YAML file under actions/ that no action's entry_point names.</summary>
    public const string UnreferencedFile = "unreferenced-file";

    /// <summary>A metadata file says it belongs to another pack.</summary>
    public const string PackMismatch = "pack-mismatch";

    /// <summary>Two items (or two packs) have the same ref.</summary>
    public const string DuplicateRef = "duplicate-ref";

    /// <summary>The pack holds more files than the loader accepts.</summary>
    public const string TooManyFiles = "too-many-files";

    // Actions and parameters.

    /// <summary>runner_type names no runner StackStorm or ServerlessFlow knows.</summary>
    public const string UnknownRunner = "unknown-runner";

    /// <summary>A StackStorm runner ServerlessFlow does not run (remote-shell-*, winrm-*, action-chain…).</summary>
    public const string UnsupportedRunner = "unsupported-runner";

    /// <summary>A Mistral workflow (runner mistral-v2, or a 'version: 2.0' file): refused, Mistral was removed from StackStorm.</summary>
    public const string MistralWorkflow = "mistral-workflow";

    /// <summary>The entry_point file does not exist in the pack.</summary>
    public const string EntryPointMissing = "entry-point-missing";

    /// <summary>A parameter definition is not a valid parameter schema.</summary>
    public const string ParameterSchema = "parameter-schema";

    /// <summary>An immutable parameter has no default (neither in the action nor in its runner).</summary>
    public const string ImmutableWithoutDefault = "immutable-without-default";

    // References between items.

    /// <summary>An action ref (rule action, workflow task) names an action the loaded packs lack.</summary>
    public const string UnresolvedAction = "unresolved-action";

    /// <summary>A trigger type ref names a trigger type the loaded packs and the system lack.</summary>
    public const string UnresolvedTriggerType = "unresolved-trigger-type";

    /// <summary>A ref names a pack that is not loaded, so it cannot be checked.</summary>
    public const string UnknownPack = "unknown-pack";

    /// <summary>A value is given for an immutable parameter: StackStorm ignores it and uses the default.</summary>
    public const string ImmutableParameterGiven = "immutable-parameter-given";

    /// <summary>Parameters given to an action or trigger do not fit its declared parameters.</summary>
    public const string ParameterMismatch = "parameter-mismatch";

    /// <summary>A pack's config.schema.yaml requires values, but no configuration file was found for it.</summary>
    public const string MissingConfig = "missing-config";

    // Sensors and workflows.

    /// <summary>Pack sensors are Python classes; ServerlessFlow registers their trigger types but does not run them.</summary>
    public const string UnsupportedSensor = "unsupported-sensor";

    /// <summary>A workflow's structure is wrong (found without the Orquesta engine).</summary>
    public const string WorkflowStructure = "workflow-structure";

    /// <summary>An ActionChain definition that StackStorm's runner refuses before it runs (schema, node names, default).</summary>
    public const string ActionChainStructure = "action-chain-structure";

    /// <summary>An expression in a workflow cannot be parsed.</summary>
    public const string ExpressionSyntax = "expression-syntax";
}
