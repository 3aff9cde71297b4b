using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using ServerlessFlow.Core.Packs;

namespace ServerlessFlow.Core.Tests.Architecture;

/// <summary>DESIGN.md: Core is pure — no Azure, DurableTask or ASP.NET, no file system, no clock, no randomness.</summary>
public class CorePurityTests
{
    private static readonly string[] ForbiddenAssemblyPrefixes = ["Azure.", "Microsoft.Azure.", "Microsoft.DurableTask", "Microsoft.AspNetCore", "System.Net.Http"];

    private static readonly HashSet<string> ForbiddenTypes = new(StringComparer.Ordinal)
    {
        "System.IO.File", "System.IO.Directory", "System.IO.FileStream", "System.IO.FileInfo", "System.IO.DirectoryInfo",
        "System.IO.FileSystemInfo", "System.IO.DriveInfo", "System.IO.FileSystemWatcher", "System.IO.Path",
        "System.Random", "System.Security.Cryptography.RandomNumberGenerator", "System.Net.Http.HttpClient",
        "System.Diagnostics.Process",
    };

    private static readonly HashSet<string> ForbiddenMembers = new(StringComparer.Ordinal)
    {
        "System.DateTime.get_Now", "System.DateTime.get_UtcNow", "System.DateTime.get_Today",
        "System.DateTimeOffset.get_Now", "System.DateTimeOffset.get_UtcNow", "System.Guid.NewGuid",
        "System.Environment.get_TickCount", "System.Environment.get_TickCount64", "System.Environment.GetEnvironmentVariable",
    };

    [Fact]
    public void CoreAssembly_References_NoAzureDurableTaskOrAspNetAssemblies()
    {
        var (assemblies, _, _) = Scan(typeof(PackLoader).Assembly);

        Assert.Contains("YamlDotNet", assemblies);
        Assert.Equal([], assemblies.Where(n => ForbiddenAssemblyPrefixes.Any(p => n.StartsWith(p, StringComparison.Ordinal))).ToArray());
    }

    [Fact]
    public void CoreAssembly_Code_UsesNoFileSystemClockOrRandomness()
    {
        var (_, types, members) = Scan(typeof(PackLoader).Assembly);

        Assert.Contains("System.IO.StringReader", types);
        Assert.Equal([], types.Where(ForbiddenTypes.Contains).ToArray());
        Assert.Equal([], members.Where(ForbiddenMembers.Contains).ToArray());
    }

    [Fact]
    public void Scan_AssemblyThatReadsFiles_SeesTheFileApi()
    {
        // This test assembly opens files (see Scan), so the scanner must find System.IO.File here.
        var (_, types, members) = Scan(typeof(CorePurityTests).Assembly);

        Assert.Contains("System.IO.File", types);
        Assert.Contains("System.IO.File.OpenRead", members);
    }

    private static (List<string> Assemblies, List<string> Types, List<string> Members) Scan(Assembly assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly.Location));
        var reader = pe.GetMetadataReader();
        var assemblies = reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).ToList();
        var types = reader.TypeReferences.Select(h => FullName(reader, h)).ToList();
        var members = new List<string>();
        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            if (member.Parent.Kind == HandleKind.TypeReference)
            {
                members.Add(FullName(reader, (TypeReferenceHandle)member.Parent) + "." + reader.GetString(member.Name));
            }
        }

        return (assemblies, types, members);
    }

    private static string FullName(MetadataReader reader, TypeReferenceHandle handle)
    {
        var type = reader.GetTypeReference(handle);
        var name = reader.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return FullName(reader, (TypeReferenceHandle)type.ResolutionScope) + "+" + name;
        }

        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }
}
