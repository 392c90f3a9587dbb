using System.Text.RegularExpressions;
using System.Xml.Linq;
using Namespace.Core.Namespaces;
using Namespace.Testing;

namespace Namespace.Core.Tests.Architecture;

// DESIGN §1: Core depends on nothing of ours, and knows nothing of caches: the cache layer plugs in through
// IUnionComposer, so an embedding app can take Core alone.
[TestClass]
public sealed partial class CoreBoundaryTests
{
    private static readonly string Src = Path.Combine(RepoPaths.Root(), "src");

    [TestMethod]
    public void CoreProject_ReferencesNoOtherProjectOfOurs()
    {
        var project = XDocument.Load(Path.Combine(Src, "Namespace.Core", "Namespace.Core.csproj"));
        var references = project.Descendants("ProjectReference").Select(r => (string?)r.Attribute("Include")).ToList();
        CollectionAssert.AreEqual(Array.Empty<string>(), references);
        var ours = typeof(VirtualOS).Assembly.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("Namespace.", StringComparison.Ordinal)).Select(a => a.Name).ToList();
        CollectionAssert.AreEqual(Array.Empty<string>(), ours, "the built Core assembly references another of ours");
    }

    [TestMethod]
    public void CoreSources_NameNoTypeOfTheCacheLayer()
    {
        var cacheTypes = Sources("Namespace.Caching")
            .SelectMany(f => TypeDeclaration().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.IsTrue(cacheTypes.Contains("CachedProvider") && cacheTypes.Contains("ICacheStore"), "the cache layer's types were not found where expected");
        var named = new List<string>();
        foreach (var file in Sources("Namespace.Core"))
        {
            var text = File.ReadAllText(file);
            if (text.Contains("Namespace.Caching", StringComparison.Ordinal)) named.Add($"{Path.GetFileName(file)}: Namespace.Caching");
            named.AddRange(Word().Matches(text).Select(m => m.Value).Where(cacheTypes.Contains).Distinct().Select(t => $"{Path.GetFileName(file)}: {t}"));
        }
        Assert.AreEqual("", string.Join("; ", named), "Core names the cache layer");
    }

    private static IEnumerable<string> Sources(string project) =>
        Directory.EnumerateFiles(Path.Combine(Src, project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    // Top-level declarations only (not indented): a nested private type's name (a File node) is no type of the layer's.
    [GeneratedRegex(@"^(?:(?:public|internal|sealed|static|abstract|partial|readonly)\s+)*(?:class|interface|record|struct|enum)\s+(?:struct\s+|class\s+)?([A-Z]\w*)", RegexOptions.Multiline)]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\b[A-Z]\w*\b")]
    private static partial Regex Word();
}
