using Namespace.Shell.Builtins;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Tests.Execution;

/// <summary>The table of builtins made on first use (what nsh starts with).</summary>
[TestClass]
public sealed class BuiltinTableTests
{
    [TestMethod]
    public void StandardTable_EachNameMakesTheBuiltinOfThatName()
    {
        var table = StandardBuiltins.Table();
        Assert.IsTrue(table.Count > 30);
        foreach (var name in table.Keys)
        {
            Assert.IsTrue(table.TryGetValue(name, out var builtin));
            Assert.AreEqual(name, builtin.Name);
            Assert.AreSame(builtin, table[name], "made once, then the same instance");
        }
        CollectionAssert.AreEqual(table.Keys.ToArray(), StandardBuiltins.All().Select(b => b.Name).ToArray());
    }

    [TestMethod]
    public void Table_MakesABuiltinOnlyWhenItIsLookedUp()
    {
        var made = 0;
        var table = new BuiltinTable { { "true", () => { made++; return StandardBuiltins.Table()["true"]; } } };
        Assert.AreEqual("true", table.Keys.Single());
        Assert.IsTrue(table.ContainsKey("true"));
        Assert.AreEqual(0, made);
        Assert.IsFalse(table.TryGetValue("false", out _));
        Assert.AreEqual("true", table["true"].Name);
        Assert.AreEqual("true", table["true"].Name);
        Assert.AreEqual(1, made);
    }

    [TestMethod]
    public void Table_AddRefusesADuplicateAndSetReplaces()
    {
        var table = StandardBuiltins.Table();
        Assert.ThrowsExactly<ArgumentException>(() => table.Add("true", () => table["false"]));
        table.Set("serve", () => table["true"]);
        Assert.AreEqual("true", table["serve"].Name);
        Assert.ThrowsExactly<ArgumentException>(() => new BuiltinTable([table["true"], table["true"]]));
    }
}
