using FsCheck;
using FsCheck.Fluent;
using Namespace.Core.Errors;
using Namespace.Core.Paths;

namespace Namespace.Core.Tests.Paths;

[TestClass]
public sealed class VPathTests
{
    [TestMethod]
    [DataRow("/", "/")]
    [DataRow("//a///b//", "/a/b")]
    [DataRow("/a/./b/.", "/a/b")]
    [DataRow("/a/b/../c", "/a/c")]
    [DataRow("/../../x", "/x")]
    [DataRow("/a/..", "/")]
    [DataRow("/a b/ünï", "/a b/ünï")]
    public void Parse_Text_Normalises(string text, string expected) => Assert.AreEqual(expected, VPath.Parse(text).Value);

    [TestMethod]
    [DataRow("", "empty path")]
    [DataRow("relative", "path is not absolute")]
    [DataRow("/a\0b", "control character in path")]
    [DataRow("/a\nb", "control character in path")]
    [DataRow("/a\u007fb", "control character in path")]
    public void Parse_Invalid_ThrowsInvalidPathWithReason(string text, string reason)
    {
        var e = Assert.ThrowsExactly<NamespaceException>(() => VPath.Parse(text));
        Assert.AreEqual(NsErrorKind.InvalidPath, e.Kind);
        StringAssert.EndsWith(e.Message, reason);
    }

    [TestMethod]
    public void Parse_LoneSurrogate_Rejected()
    {
        // Built at run time: attribute arguments are stored as UTF-8, which cannot hold a lone surrogate.
        foreach (var text in new[] { "/lone" + '\ud800', "/" + '\udc00' + "x", "/a" + '\udc00' + '\ud800' })
        {
            Assert.IsFalse(VPath.TryParse(text, out _, out var error), text);
            Assert.AreEqual("invalid Unicode in path", error);
            Assert.IsFalse(VPath.IsValidName(text[1..]));
        }
        Assert.IsTrue(VPath.TryParse("/emoji-\U0001F600", out _, out _), "a proper pair is fine");
    }

    [TestMethod]
    public void Parse_LongName_Rejected()
    {
        Assert.IsTrue(VPath.TryParse("/" + new string('a', 255), out _, out _));
        Assert.IsFalse(VPath.TryParse("/" + new string('a', 256), out _, out var error));
        StringAssert.Contains(error, "255 bytes");
        // 128 two-byte characters are 256 bytes.
        Assert.IsFalse(VPath.TryParse("/" + new string('é', 128), out _, out _));
    }

    [TestMethod]
    public void Parse_LongPath_Rejected()
    {
        var segment = "/" + new string('a', 99);
        Assert.IsTrue(VPath.TryParse(string.Concat(Enumerable.Repeat(segment, 40)), out _, out _));
        Assert.IsFalse(VPath.TryParse(string.Concat(Enumerable.Repeat(segment, 41)) + "/", out _, out var error));
        StringAssert.Contains(error, "4096 bytes");
    }

    [TestMethod]
    public void Resolve_Relative_TakenBelowCurrent()
    {
        var cwd = VPath.Parse("/home/glenda");
        Assert.AreEqual("/home/glenda/lib", VPath.Resolve(cwd, "lib").Value);
        Assert.AreEqual("/home/lib", VPath.Resolve(cwd, "../lib").Value);
        Assert.AreEqual("/", VPath.Resolve(cwd, "../../../..").Value);
        Assert.AreEqual("/etc", VPath.Resolve(cwd, "/etc").Value);
        Assert.AreEqual("/home/glenda", VPath.Resolve(cwd, ".").Value);
    }

    [TestMethod]
    public void Parts_NameParentRelative_Consistent()
    {
        var p = VPath.Parse("/a/b/c");
        Assert.AreEqual("c", p.Name);
        Assert.AreEqual("/a/b", p.Parent.Value);
        Assert.AreEqual(3, p.Depth);
        Assert.AreEqual("/b/c", p.RelativeTo(VPath.Parse("/a")).Value);
        Assert.AreEqual("/", p.RelativeTo(p).Value);
        Assert.IsTrue(p.IsUnder(VPath.Parse("/a")));
        Assert.IsFalse(VPath.Parse("/ab").IsUnder(VPath.Parse("/a")));
        Assert.AreEqual(VPath.Root, VPath.Root.Parent);
        Assert.AreEqual("/x/b/c", VPath.Parse("/x").Join(p.RelativeTo(VPath.Parse("/a"))).Value);
        Assert.ThrowsExactly<NamespaceException>(() => p.Child("x/y"));
        Assert.ThrowsExactly<NamespaceException>(() => p.Child(".."));
    }

    private static Arbitrary<string> PathLike() =>
        Gen.Elements("/", "/", "a", "b", "..", ".", "ü", " ", "\n", "\0", "x y", "//", "\u0001", "é")
            .ListOf()
            .Select(parts => string.Concat(parts))
            .ToArbitrary();

    [TestMethod]
    public void Parse_Property_IdempotentAndNeverAboveRoot()
    {
        Prop.ForAll(PathLike(), text =>
        {
            if (!VPath.TryParse(text, out var path, out var error))
            {
                // Rejected input: only for a reason we name.
                return error is "empty path" or "path is not absolute" or "control character in path";
            }
            var again = VPath.Parse(path.Value);
            var segments = path.Segments.ToArray();
            return again == path
                && path.Value.StartsWith('/')
                && !path.Value.Contains("//")
                && (path.IsRoot || !path.Value.EndsWith('/'))
                && segments.All(s => s is not ("" or "." or ".."));
        }).QuickCheckThrowOnFailure();
    }

    [TestMethod]
    public void Parse_Property_ControlCharactersAlwaysRejected()
    {
        var gen = from prefix in Gen.Elements("/", "/a/", "/..//")
                  from c in Gen.Choose(0, 31).Select(i => (char)i)
                  from suffix in Gen.Elements("", "b", "/c")
                  select prefix + c + suffix;
        Prop.ForAll(gen.ToArbitrary(), text => !VPath.TryParse(text, out _, out _)).QuickCheckThrowOnFailure();
    }

    [TestMethod]
    public void Resolve_Property_RelativeStaysUnderRootAndMatchesAbsolute()
    {
        Prop.ForAll(PathLike(), PathLike(), (cwdText, rel) =>
        {
            if (!VPath.TryParse(cwdText, out var cwd, out _)) return true;
            if (!VPath.TryResolve(cwd, rel, out var resolved, out _)) return true;
            var viaAbsolute = rel.StartsWith('/') ? VPath.Parse(rel) : VPath.Parse(cwd.Value + "/" + rel);
            return resolved == viaAbsolute;
        }).QuickCheckThrowOnFailure();
    }
}
