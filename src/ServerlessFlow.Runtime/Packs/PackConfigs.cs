using System.Text.RegularExpressions;
using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.KeyValues;

namespace ServerlessFlow.Runtime.Packs;

/// <summary>
/// Pack configurations at run time (StackStorm's <c>ContentPackConfigLoader</c>), the one place every user reads them from:
/// <c>self.config</c> of Python actions and sensors, <c>config_context</c> in action parameter defaults and in rule action
/// parameters. <c>&lt;configs&gt;/&lt;pack&gt;.yaml</c> is laid over the defaults of the pack's <c>config.schema.yaml</c> and
/// checked against it; string values that are Jinja templates are rendered with <c>st2kv</c> when a run needs the config
/// (never at load), and a <c>{{ st2kv.system.name }}</c> value of an item the schema marks <c>secret</c> is decrypted then.
/// No file means the schema's defaults. A file with errors fails the runs of that pack with the errors, file and line
/// included. The values of <c>secret</c> items are reported apart (<see cref="PackConfig.SecretValues"/>), so records can
/// mask them wherever they end up.
/// </summary>
public sealed partial class PackConfigs
{
    private readonly string? folder;
    private readonly KeyValueService? keyValues;
    private readonly ExpressionEngine expressions = new();

    /// <summary>Reads configs from <paramref name="folder"/> (null: schema defaults only); templates read <paramref name="keyValues"/>.</summary>
    public PackConfigs(string? folder, KeyValueService? keyValues)
    {
        this.folder = folder;
        this.keyValues = keyValues;
    }

    /// <summary>The configs folder, or null.</summary>
    public string? Folder => folder;

    /// <summary>The configs folder StackStorm users expect when none is given: <c>configs</c> beside the first pack folder.</summary>
    public static string DefaultFolder(IReadOnlyList<string> packFolders)
    {
        ArgumentNullException.ThrowIfNull(packFolders);
        var first = packFolders.Count > 0 ? Path.GetFullPath(packFolders[0]) : Directory.GetCurrentDirectory();
        return Path.Combine(Path.GetDirectoryName(first.TrimEnd(Path.DirectorySeparatorChar)) ?? first, "configs");
    }


    [GeneratedRegex(@"^\s*\{\{\s*st2kv\.system\.(?<name>[A-Za-z0-9_.:\-]+)\s*\}\}\s*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SystemKeyTemplate();

    /// <summary>True when <paramref name="pack"/> has anything to configure (a schema, or a config file).</summary>
    public bool HasConfig(PackSpec pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        return pack.ConfigSchema.Count > 0 || (PathOf(pack) is { } path && File.Exists(path));
    }

    /// <summary>The configuration of <paramref name="pack"/> (secrets decrypted); throws <see cref="PackConfigException"/>
    /// naming the file and the problems when it is not valid.</summary>
    public async Task<Dictionary<string, object?>> GetAsync(PackSpec pack, CancellationToken cancellationToken = default) =>
        (await ResolveAsync(pack, cancellationToken).ConfigureAwait(false)).Values;

    /// <summary>The configuration of <paramref name="pack"/> with the values of its secret items; throws
    /// <see cref="PackConfigException"/> naming the file and the problems when it is not valid.</summary>
    public async Task<PackConfig> ResolveAsync(PackSpec pack, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pack);
        var path = PathOf(pack);
        var text = path is not null && File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : null;
        return Resolve(pack, path, text);
    }

    /// <summary>The same as <see cref="ResolveAsync"/>, synchronously (rule evaluation renders parameters synchronously, as
    /// <c>st2kv</c> in its templates is read).</summary>
    public PackConfig Resolve(PackSpec pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        var path = PathOf(pack);
        var text = path is not null && File.Exists(path) ? File.ReadAllText(path) : null;
        return Resolve(pack, path, text);
    }

    private string? PathOf(PackSpec pack) => folder is null ? null : Path.Combine(folder, pack.Ref + ".yaml");

    private PackConfig Resolve(PackSpec pack, string? path, string? text)
    {
        var result = PackConfigLoader.Load(pack, path ?? $"configs/{pack.Ref}.yaml", text ?? string.Empty);
        if (text is not null && result.HasErrors)
        {
            throw new PackConfigException($"The configuration of pack '{pack.Ref}' is not valid: " + string.Join("; ", result.Diagnostics.Where(d => d.IsError)));
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in result.Values)
        {
            var secret = pack.ConfigSchema.GetValueOrDefault(name)?.Secret ?? false;
            var resolved = ResolveValue(pack, name, PlainValues.DeepClone(value), secret);
            values[name] = resolved;
            if (secret)
            {
                CollectStrings(resolved, secrets);
            }
        }

        return new PackConfig(values, secrets);
    }

    private object? ResolveValue(PackSpec pack, string path, object? value, bool secret)
    {
        switch (value)
        {
            case string text when ParameterTemplate.HasExpression(text):
                if (SystemKeyTemplate().Match(text) is { Success: true } match && keyValues is not null)
                {
                    try
                    {
                        // Decrypted here, for the run that asked, and nowhere else: the stored pair stays ciphertext.
                        return ((IKeyValueLookup)keyValues).TryGet("system", match.Groups["name"].Value, decrypt: secret, out var found) ? found : null;
                    }
                    catch (Exception ex) when (ex is InvalidOperationException or System.Security.Cryptography.CryptographicException)
                    {
                        throw new PackConfigException($"The configuration of pack '{pack.Ref}': '{path}' could not be read from the datastore: {ex.Message}");
                    }
                }

                try
                {
                    return new ParameterTemplate(expressions, keyValues).Render(text, path, [], _ => null);
                }
                catch (Exception ex) when (ex is ActionParameterException or ExpressionException)
                {
                    throw new PackConfigException($"The configuration of pack '{pack.Ref}': '{path}' could not be rendered: {ex.Message}");
                }

            case Dictionary<string, object?> map:
                foreach (var key in map.Keys.ToList())
                {
                    map[key] = ResolveValue(pack, path + "." + key, map[key], secret);
                }

                return map;
            case List<object?> list:
                for (var i = 0; i < list.Count; i++)
                {
                    list[i] = ResolveValue(pack, $"{path}[{i}]", list[i], secret);
                }

                return list;
            default:
                return value;
        }
    }

    private static void CollectStrings(object? value, HashSet<string> into)
    {
        switch (value)
        {
            case string text when text.Length > 0:
                into.Add(text);
                break;
            case Dictionary<string, object?> map:
                foreach (var inner in map.Values)
                {
                    CollectStrings(inner, into);
                }

                break;
            case List<object?> list:
                foreach (var inner in list)
                {
                    CollectStrings(inner, into);
                }

                break;
            case null:
                break;
            default:
                into.Add(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                break;
        }
    }
}
