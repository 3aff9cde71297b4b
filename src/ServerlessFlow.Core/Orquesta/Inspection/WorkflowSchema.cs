using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Orquesta.Inspection;

/// <summary>orquesta's JSON schema for native v1.0 workflows (the classes' <c>_schema</c> merged as
/// <c>WorkflowSpec.get_schema()</c> does: meta properties at the root, none in children).</summary>
internal static class WorkflowSchema
{
    private const string NonEmptyString = """{"type": "string", "minLength": 1}""";
    private const string PositiveInteger = """{"type": "integer", "minimum": 0}""";
    private const string PositiveNumber = """{"type": "number", "minimum": 0.0}""";
    private const string AnyNullable = """{"anyOf": [{"type": "null"}, {"type": "array"}, {"type": "boolean"}, {"type": "integer"}, {"type": "number"}, {"type": "object"}, {"type": "string"}]}""";
    private const string NonEmptyDict = """{"type": "object", "minProperties": 1, "patternProperties": {"^\\w+$": """ + AnyNullable + "}}";
    private const string OneKeyDict = """{"type": "object", "minProperties": 1, "maxProperties": 1, "patternProperties": {"^\\w+$": """ + AnyNullable + "}}";
    private const string StringOrPositiveInteger = """{"oneOf": [""" + NonEmptyString + ", " + PositiveInteger + "]}";
    private const string UniqueStringList = """{"type": "array", "items": """ + NonEmptyString + """, "uniqueItems": true, "minItems": 1}""";
    private const string UniqueOneKeyDictList = """{"type": "array", "items": """ + OneKeyDict + """, "uniqueItems": true, "minItems": 1}""";
    private const string UniqueStringOrOneKeyDictList = """{"type": "array", "items": {"oneOf": [""" + NonEmptyString + ", " + OneKeyDict + """]}, "uniqueItems": true, "minItems": 1}""";

    /// <summary>The with-items pattern: <c>&lt;expr&gt;</c> or <c>x, y in &lt;expr&gt;</c>.</summary>
    public const string ItemsPattern = @"^(\s+)?(<%.*?%>|{{.*?}})(\s+)?$|^(\s+)?((\w+,\s?|\s+)+)?(\w+)\s+in\s+(<%.*?%>|{{.*?}})(\s+)?$";

    private static readonly string TaskTransition = """{"type": "object", "properties": {"when": """ + NonEmptyString
        + """, "publish": {"oneOf": [""" + NonEmptyString + ", " + UniqueOneKeyDictList + "]}"
        + """, "do": {"oneOf": [""" + NonEmptyString + ", " + UniqueStringList + "]}"
        + """}, "additionalProperties": false}""";

    private static readonly string Itemized = """{"type": "object", "properties": {"items": {"type": "string", "minLength": 1, "pattern": """
        + JsonText.Serialize(ItemsPattern) + """}, "concurrency": """ + StringOrPositiveInteger + """}, "additionalProperties": false}""";

    private static readonly string Retry = """{"type": "object", "properties": {"when": """ + NonEmptyString + """, "count": """ + StringOrPositiveInteger
        + """, "delay": """ + StringOrPositiveInteger + """}, "required": ["count"], "additionalProperties": false}""";

    private static readonly string Task = """{"type": "object", "properties": {"delay": """ + StringOrPositiveInteger
        + """, "join": {"oneOf": [{"enum": ["all"]}, """ + PositiveInteger + "]}"
        + """, "with": """ + Itemized
        + """, "action": """ + NonEmptyString
        + """, "input": {"oneOf": [""" + NonEmptyString + ", " + NonEmptyDict + "]}"
        + """, "retry": """ + Retry
        + """, "next": {"type": "array", "items": """ + TaskTransition + "}"
        + """}, "additionalProperties": false}""";

    private static readonly string Workflow = """{"type": "object", "properties": {"vars": """ + UniqueOneKeyDictList
        + """, "input": """ + UniqueStringOrOneKeyDictList
        + """, "output": """ + UniqueOneKeyDictList
        + """, "tasks": {"type": "object", "minProperties": 1, "patternProperties": {"^\\w+$": """ + Task + "}}"
        + """, "name": """ + NonEmptyString
        + """, "version": {"enum": ["1.0", 1.0]}"""
        + """, "description": """ + NonEmptyString
        + """, "tags": """ + UniqueStringList
        + """}, "required": ["tasks"], "additionalProperties": false}""";

    /// <summary>The root schema as plain values.</summary>
    public static Dictionary<string, object?> Root { get; } = (Dictionary<string, object?>)JsonText.Parse(Workflow)!;
}
