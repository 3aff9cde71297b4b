using System.Globalization;
using System.Text.RegularExpressions;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>
/// Loads one pack from an <see cref="IPackSource"/>: pack.yaml, config.schema.yaml, actions,
/// workflow files, rules, trigger types and sensors. Pure (it only reads through the source),
/// never throws on bad content and never stops at the first problem: it returns what it could
/// load plus every diagnostic.
/// </summary>
public static partial class PackLoader
{
    private static readonly HashSet<string> ContentFolders = new(StringComparer.Ordinal) { "actions", "aliases", "rules", "sensors", "triggers", "policies" };

    [GeneratedRegex(@"^[a-z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PackRefPattern();

    [GeneratedRegex(@"^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[\da-z\-]+(?:\.[\da-z\-]+)*)?(?:\+[\da-z\-]+(?:\.[\da-z\-]+)*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();

    /// <summary>Loads the pack <paramref name="source"/> holds.</summary>
    public static PackLoadResult Load(IPackSource source, PackLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= PackLoadOptions.Default;
        var run = new Run(source, options);
        return run.Execute();
    }

    /// <summary>True when a file name is YAML (or JSON, which StackStorm also accepts for metadata).</summary>
    public static bool IsMetadataFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
    }

    private sealed class Run(IPackSource source, PackLoadOptions options)
    {
        private readonly List<PackDiagnostic> _diagnostics = [];
        private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
        private int _yamlFiles;

        public PackLoadResult Execute()
        {
            // pack.yaml first, so a truncated listing still knows the pack's ref.
            var files = source.ListFiles()
                .OrderBy(f => f.Path == "pack.yaml" ? 0 : 1)
                .ThenBy(f => f.Path, StringComparer.Ordinal)
                .ToList();
            if (files.Count > options.MaxFiles)
            {
                PackLevel(DiagnosticSeverity.Error, PackDiagnosticCodes.TooManyFiles, source.Location, $"the pack holds {files.Count} files; only the first {options.MaxFiles} are looked at");
                files = files.Take(options.MaxFiles).ToList();
            }

            var byPath = files.ToDictionary(f => f.Path, StringComparer.Ordinal);
            var actionFiles = new List<PackFileInfo>();
            var nestedActionFiles = new List<PackFileInfo>();
            var rules = new List<PackFileInfo>();
            var sensors = new List<PackFileInfo>();
            var triggers = new List<PackFileInfo>();
            var policies = new List<PackFileInfo>();
            var aliases = new List<PackFileInfo>();
            var unknownFolders = new SortedSet<string>(StringComparer.Ordinal);
            PackFileInfo? packFile = null;
            PackFileInfo? configSchemaFile = null;

            foreach (var file in files)
            {
                var slash = file.Path.IndexOf('/', StringComparison.Ordinal);
                if (slash < 0)
                {
                    switch (file.Path)
                    {
                        case "pack.yaml":
                            packFile = file;
                            break;
                        case "config.schema.yaml":
                            configSchemaFile = file;
                            break;
                        case var other when IsMetadataFile(other):
                            PackLevel(DiagnosticSeverity.Warning, PackDiagnosticCodes.UnsupportedContent, Display(other), $"'{other}' is not part of a pack's layout (pack.yaml, config.schema.yaml, actions/, aliases/, policies/, rules/, sensors/, triggers/); it is ignored");
                            break;
                        default:
                            break;
                    }

                    continue;
                }

                var folder = file.Path[..slash];
                var rest = file.Path[(slash + 1)..];
                var nested = rest.Contains('/', StringComparison.Ordinal);
                if (folder == "lib")
                {
                    // The pack's Python common libraries (StackStorm puts lib/ on the module path of actions and sensors).
                    continue;
                }

                if (!ContentFolders.Contains(folder))
                {
                    unknownFolders.Add(folder);
                    continue;
                }

                if (!IsMetadataFile(file.Path))
                {
                    continue;
                }

                switch (folder)
                {
                    case "actions" when nested:
                        nestedActionFiles.Add(file);
                        break;
                    case "actions":
                        actionFiles.Add(file);
                        break;
                    case "rules" when !nested:
                        rules.Add(file);
                        break;
                    case "sensors" when !nested:
                        sensors.Add(file);
                        break;
                    case "triggers" when !nested:
                        triggers.Add(file);
                        break;
                    case "policies" when !nested:
                        policies.Add(file);
                        break;
                    case "aliases" when !nested:
                        aliases.Add(file);
                        break;
                    default:
                        break;
                }
            }

            foreach (var folder in unknownFolders)
            {
                PackLevel(DiagnosticSeverity.Warning, PackDiagnosticCodes.UnsupportedContent, Display(folder), $"folder '{folder}/' is not loaded: it is not part of a pack's layout");
            }

            var pack = ReadPackMetadata(packFile);
            var configSchema = ReadConfigSchema(configSchemaFile);
            var actions = ReadActions(actionFiles, pack.Ref);
            var workflows = ReadWorkflowFiles(nestedActionFiles, actions, byPath, pack.Ref);
            var ruleSpecs = ReadRules(rules, pack.Ref);
            var triggerTypes = ReadTriggerTypes(triggers, pack.Ref);
            var sensorSpecs = ReadSensors(sensors, pack.Ref, triggerTypes);
            var policySpecs = ReadPolicies(policies, pack.Ref);
            var aliasSpecs = ReadAliases(aliases, pack.Ref);
            _diagnostics.Sort(PackDiagnostic.Compare);
            return new PackLoadResult(
                pack with
                {
                    ConfigSchema = configSchema,
                    Actions = actions,
                    Workflows = workflows,
                    Rules = ruleSpecs,
                    TriggerTypes = triggerTypes,
                    Sensors = sensorSpecs,
                    Policies = policySpecs,
                    Aliases = aliasSpecs,
                    YamlFileCount = _yamlFiles,
                },
                _diagnostics);
        }

        private string Display(string relativePath) =>
            source.Location.Length == 0 ? relativePath : source.Location.TrimEnd('/') + "/" + relativePath;

        private void PackLevel(DiagnosticSeverity severity, string code, string file, string message) =>
            _diagnostics.Add(new PackDiagnostic(severity, code, file, 1, 1, message));

        /// <summary>Reads and parses one file; null (after reporting) when it is unusable.</summary>
        private MetadataDocument? Open(PackFileInfo file, bool allowEmpty = false)
        {
            var display = Display(file.Path);
            if (file.Size > options.MaxFileBytes)
            {
                PackLevel(DiagnosticSeverity.Error, PackDiagnosticCodes.FileTooLarge, display, string.Create(
                    CultureInfo.InvariantCulture,
                    $"the file is {file.Size} bytes; pack files may be at most {options.MaxFileBytes} bytes, so it was not read"));
                return null;
            }

            if (!source.TryReadText(file.Path, out var text, out var error))
            {
                PackLevel(DiagnosticSeverity.Error, PackDiagnosticCodes.FileUnreadable, display, "the file could not be read: " + error);
                return null;
            }

            if (text.Length > options.MaxFileBytes)
            {
                PackLevel(DiagnosticSeverity.Error, PackDiagnosticCodes.FileTooLarge, display, string.Create(
                    CultureInfo.InvariantCulture,
                    $"the file holds {text.Length} characters; pack files may be at most {options.MaxFileBytes} bytes, so it was not read"));
                return null;
            }

            _yamlFiles++;
            _texts[file.Path] = text;
            var read = YamlValueReader.Read(text, options.YamlLimits);
            var doc = new MetadataDocument(file.Path, display, text, read, _diagnostics);
            foreach (var problem in read.Problems)
            {
                doc.Report(problem.IsError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, problem.Code, problem.Position, problem.Message);
            }

            if (read.HasErrors)
            {
                return null;
            }

            if (read.IsEmpty && !allowEmpty)
            {
                PackLevel(DiagnosticSeverity.Error, PackDiagnosticCodes.EmptyFile, display, "the file holds no YAML document");
                return null;
            }

            return doc;
        }

        private PackSpec ReadPackMetadata(PackFileInfo? file)
        {
            var fallback = new PackSpec { Ref = source.FolderName, Name = source.FolderName, Location = source.Location };
            if (file is null)
            {
                PackLevel(DiagnosticSeverity.Error, PackDiagnosticCodes.MissingPackMetadata, Display("pack.yaml"), $"the pack has no pack.yaml; its folder name '{source.FolderName}' is used as its ref");
                return fallback;
            }

            var doc = Open(file);
            var root = doc?.RootMapping("pack.yaml");
            if (doc is null || root is null)
            {
                return fallback;
            }

            const string what = "pack.yaml";
            var name = doc.String(root, string.Empty, "name", required: true, what);
            var explicitRef = doc.String(root, string.Empty, "ref", required: false, what);
            var description = doc.String(root, string.Empty, "description", required: true, what);
            var version = doc.String(root, string.Empty, "version", required: true, what);
            var author = doc.String(root, string.Empty, "author", required: true, what);
            var email = doc.String(root, string.Empty, "email", required: false, what);
            var keywords = doc.Strings(root, string.Empty, "keywords", what);
            var dependencies = doc.Strings(root, string.Empty, "dependencies", what);
            doc.Strings(root, string.Empty, "python_versions", what);
            doc.Strings(root, string.Empty, "contributors", what);
            doc.String(root, string.Empty, "stackstorm_version", required: false, what);

            if (version is not null && !VersionPattern().IsMatch(version))
            {
                doc.Error(PackDiagnosticCodes.InvalidValue, "version", $"pack.yaml: version '{version}' is not a semantic version like 1.0.0");
            }

            if (email is not null && !email.Contains('@', StringComparison.Ordinal))
            {
                doc.Error(PackDiagnosticCodes.InvalidValue, "email", $"pack.yaml: email '{email}' is not an e-mail address");
            }

            string packRef;
            if (explicitRef is not null)
            {
                packRef = explicitRef;
                if (!PackRefPattern().IsMatch(explicitRef))
                {
                    doc.Error(PackDiagnosticCodes.InvalidValue, "ref", $"pack.yaml: ref '{explicitRef}' may only hold lowercase letters, digits and underscores");
                }
            }
            else if (name is not null && PackRefPattern().IsMatch(name))
            {
                packRef = name;
            }
            else
            {
                packRef = source.FolderName;
                if (name is not null)
                {
                    doc.Error(PackDiagnosticCodes.InvalidValue, "name", $"pack.yaml: name '{name}' is not usable as a ref (lowercase letters, digits and underscores only); add a 'ref' field. The folder name '{packRef}' is used meanwhile");
                }
            }

            return new PackSpec
            {
                Ref = packRef,
                Name = name ?? packRef,
                Version = version,
                Description = description,
                Author = author,
                Email = email,
                Keywords = keywords,
                Dependencies = dependencies,
                Location = source.Location,
            };
        }

        private Dictionary<string, ActionParameterSpec> ReadConfigSchema(PackFileInfo? file)
        {
            var empty = new Dictionary<string, ActionParameterSpec>(StringComparer.Ordinal);
            if (file is null || Open(file, allowEmpty: true) is not { } doc || doc.Value is null)
            {
                return empty;
            }

            return doc.RootMapping("config.schema.yaml") is { } root
                ? ParameterReader.Read(doc, root, string.Empty, "config.schema.yaml")
                : empty;
        }

        private List<ActionSpec> ReadActions(List<PackFileInfo> files, string packRef)
        {
            var result = new List<ActionSpec>();
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                if (Open(file) is not { } doc || ActionReader.Read(doc, packRef, source, options.Runners) is not { } action)
                {
                    continue;
                }

                if (seen.TryGetValue(action.Ref, out var first))
                {
                    doc.Error(PackDiagnosticCodes.DuplicateRef, "name", $"action '{action.Ref}' is already defined in {first}; this definition is ignored");
                    continue;
                }

                seen[action.Ref] = file.Path;
                result.Add(action);
            }

            return result;
        }

        private List<WorkflowFileSpec> ReadWorkflowFiles(List<PackFileInfo> nested, List<ActionSpec> actions, Dictionary<string, PackFileInfo> byPath, string packRef)
        {
            var kinds = new Dictionary<string, (WorkflowFileKind Kind, List<string> Actions)>(StringComparer.Ordinal);
            foreach (var action in actions)
            {
                var kind = action.RunnerType switch
                {
                    "orquesta" => WorkflowFileKind.Orquesta,
                    "action-chain" => WorkflowFileKind.ActionChain,
                    _ => (WorkflowFileKind?)null,
                };
                if (kind is null || action.EntryPoint.Length == 0 || !ActionReader.IsInsidePack(action.EntryPoint))
                {
                    continue;
                }

                var path = "actions/" + action.EntryPoint;
                if (!kinds.TryGetValue(path, out var entry))
                {
                    entry = (kind.Value, []);
                    kinds[path] = entry;
                }

                entry.Actions.Add(action.Ref);
            }

            var candidates = new SortedDictionary<string, PackFileInfo>(StringComparer.Ordinal);
            foreach (var file in nested)
            {
                candidates[file.Path] = file;
            }

            foreach (var path in kinds.Keys)
            {
                if (byPath.TryGetValue(path, out var file))
                {
                    candidates[path] = file;
                }
            }

            var result = new List<WorkflowFileSpec>();
            foreach (var (path, file) in candidates)
            {
                var known = kinds.TryGetValue(path, out var entry);
                var doc = Open(file);
                if (!known)
                {
                    PackLevel(DiagnosticSeverity.Warning, PackDiagnosticCodes.UnreferencedFile, Display(path), "no action names this file as its entry_point, so it is not used");
                }
                else if (doc is not null && entry.Kind == WorkflowFileKind.Orquesta)
                {
                    doc.RootMapping("an Orquesta workflow");
                }

                result.Add(new WorkflowFileSpec
                {
                    Path = path,
                    DisplayPath = Display(path),
                    Pack = packRef,
                    Kind = known ? entry.Kind : WorkflowFileKind.Unreferenced,
                    ActionRefs = known ? entry.Actions : [],
                    Text = _texts.GetValueOrDefault(path, string.Empty),
                    Value = doc?.Value,
                    SourceMap = doc?.Map ?? SourceMap.Empty,
                    IsValidYaml = doc is not null,
                });
            }

            return result;
        }

        private List<RuleSpec> ReadRules(List<PackFileInfo> files, string packRef)
        {
            var result = new List<RuleSpec>();
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                if (Open(file) is not { } doc || RuleReader.Read(doc, packRef) is not { } rule)
                {
                    continue;
                }

                if (seen.TryGetValue(rule.Ref, out var first))
                {
                    doc.Error(PackDiagnosticCodes.DuplicateRef, "name", $"rule '{rule.Ref}' is already defined in {first}; this definition is ignored");
                    continue;
                }

                seen[rule.Ref] = file.Path;
                result.Add(rule);
            }

            return result;
        }

        private List<PolicySpec> ReadPolicies(List<PackFileInfo> files, string packRef)
        {
            var result = new List<PolicySpec>();
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                if (Open(file) is not { } doc || PolicyReader.Read(doc, packRef, file.Path) is not { } policy)
                {
                    continue;
                }

                if (seen.TryGetValue(policy.Ref, out var first))
                {
                    doc.Error(PackDiagnosticCodes.DuplicateRef, "name", $"policy '{policy.Ref}' is already defined in {first}; this definition is ignored");
                    continue;
                }

                seen[policy.Ref] = file.Path;
                result.Add(policy);
            }

            return result;
        }

        private List<TriggerTypeSpec> ReadTriggerTypes(List<PackFileInfo> files, string packRef)
        {
            var result = new List<TriggerTypeSpec>();
            foreach (var file in files)
            {
                if (Open(file) is { } doc && doc.RootMapping("a trigger type") is { } root && TriggerTypeReader.Read(doc, root, string.Empty, packRef) is { } triggerType)
                {
                    AddTriggerType(result, triggerType, doc, "name");
                }
            }

            return result;
        }

        private List<SensorSpec> ReadSensors(List<PackFileInfo> files, string packRef, List<TriggerTypeSpec> triggerTypes)
        {
            var result = new List<SensorSpec>();
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                if (Open(file) is not { } doc || SensorReader.Read(doc, packRef) is not { } sensor)
                {
                    continue;
                }

                if (seen.TryGetValue(sensor.Ref, out var first))
                {
                    doc.Error(PackDiagnosticCodes.DuplicateRef, "class_name", $"sensor '{sensor.Ref}' is already defined in {first}; this definition is ignored");
                    continue;
                }

                seen[sensor.Ref] = file.Path;
                result.Add(sensor);
                for (var i = 0; i < sensor.TriggerTypes.Count; i++)
                {
                    AddTriggerType(triggerTypes, sensor.TriggerTypes[i], doc, SourceMap.Child(SourceMap.Item("trigger_types", i), "name"));
                }
            }

            return result;
        }

        private List<ActionAliasSpec> ReadAliases(List<PackFileInfo> files, string packRef)
        {
            var result = new List<ActionAliasSpec>();
            foreach (var file in files)
            {
                if (Open(file) is not { } doc || ActionAliasReader.Read(doc, packRef) is not { } alias)
                {
                    continue;
                }

                if (result.FirstOrDefault(a => a.Ref == alias.Ref) is { } first)
                {
                    doc.Error(PackDiagnosticCodes.DuplicateRef, "name", $"action alias '{alias.Ref}' is already defined in {first.MetadataFile}; this definition is ignored");
                    continue;
                }

                result.Add(alias);
            }

            return result;
        }

        private static void AddTriggerType(List<TriggerTypeSpec> all, TriggerTypeSpec triggerType, MetadataDocument doc, string namePath)
        {
            var existing = all.FirstOrDefault(t => string.Equals(t.Ref, triggerType.Ref, StringComparison.Ordinal));
            if (existing is not null)
            {
                doc.Error(PackDiagnosticCodes.DuplicateRef, namePath, $"trigger type '{triggerType.Ref}' is already defined in {existing.MetadataFile}; this definition is ignored");
                return;
            }

            all.Add(triggerType);
        }
    }
}
