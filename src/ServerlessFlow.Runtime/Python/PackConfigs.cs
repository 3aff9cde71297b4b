using System.Text.RegularExpressions;
using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Actions;
using ServerlessFlow.Runtime.KeyValues;

namespace ServerlessFlow.Runtime.Python;

/// <summary>
/// Pack configurations as Python actions and sensors get them (StackStorm's <c>ContentPackConfigLoader</c>):
/// <c>&lt;configs&gt;/&lt;pack&gt;.yaml</c> laid over the defaults of the pack's <c>config.schema.yaml</c> and checked against
/// it; string values that are Jinja templates are rendered with <c>st2kv</c> at the time of each run, and a
/// <c>{{ st2kv.system.name }}</c> value of an item the schema marks <c>secret</c> is decrypted. No file means the schema's
/// defaults. A file with errors fails the runs of that pack with the errors, file and line included.
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

    [GeneratedRegex(@"^\s*\{\{\s*st2kv\.system\.(?<name>[A-Za-z0-9_.:\-]+)\s*\}\}\s*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SystemKeyTemplate();

    /// <summary>The configuration of <paramref name="pack"/>; throws <see cref="PackConfigException"/> naming the file and
    /// the problems when it is not valid.</summary>
    public async Task<Dictionary<string, object?>> GetAsync(PackSpec pack, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pack);
        var path = folder is null ? null : Path.Combine(folder, pack.Ref + ".yaml");
        var text = path is not null && File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : null;
        var result = PackConfigLoader.Load(pack, path ?? $"configs/{pack.Ref}.yaml", text ?? string.Empty);
        if (text is not null && result.HasErrors)
        {
            throw new PackConfigException($"The configuration of pack '{pack.Ref}' is not valid: " + string.Join("; ", result.Diagnostics.Where(d => d.IsError)));
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in result.Values)
        {
            var secret = pack.ConfigSchema.GetValueOrDefault(name)?.Secret ?? false;
            values[name] = await ResolveAsync(pack, name, PlainValues.DeepClone(value), secret, cancellationToken).ConfigureAwait(false);
        }

        return values;
    }

    private async Task<object?> ResolveAsync(PackSpec pack, string path, object? value, bool secret, CancellationToken cancellationToken)
    {
        switch (value)
        {
            case string text when ParameterTemplate.HasExpression(text):
                if (SystemKeyTemplate().Match(text) is { Success: true } match && keyValues is not null)
                {
                    try
                    {
                        return await keyValues.GetValueAsync(match.Groups["name"].Value, KeyValueScope.System, decrypt: secret, cancellationToken: cancellationToken).ConfigureAwait(false);
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
                    map[key] = await ResolveAsync(pack, path + "." + key, map[key], secret, cancellationToken).ConfigureAwait(false);
                }

                return map;
            case List<object?> list:
                for (var i = 0; i < list.Count; i++)
                {
                    list[i] = await ResolveAsync(pack, $"{path}[{i}]", list[i], secret, cancellationToken).ConfigureAwait(false);
                }

                return list;
            default:
                return value;
        }
    }
}
