using Namespace.Core.Errors;
using Namespace.Core.Namespaces;
using Namespace.Core.Providers;

namespace Namespace.Testing;

/// <summary>Small helpers for namespace tests.</summary>
public static class Ns
{
    public static async Task<List<string>> NamesAsync(this VirtualOS os, string path)
    {
        var names = new List<string>();
        await foreach (var e in os.ListAsync(path)) names.Add(e.IsDirectory ? e.Name + "/" : e.Name);
        return names;
    }

    public static async Task<List<NsEntry>> EntriesAsync(this VirtualOS os, string path)
    {
        var entries = new List<NsEntry>();
        await foreach (var e in os.ListAsync(path)) entries.Add(e);
        return entries;
    }

    public static async Task<NamespaceException> ThrowsNsAsync(NsErrorKind kind, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (NamespaceException e)
        {
            Assert.AreEqual(kind, e.Kind, $"wrong error kind; message: {e.Message}");
            return e;
        }
        Assert.Fail($"expected a {kind} error, got success");
        throw new InvalidOperationException();
    }

    public static Task<NamespaceException> ThrowsNsAsync(NsErrorKind kind, Func<ValueTask> action) =>
        ThrowsNsAsync(kind, () => action().AsTask());

    public static Task<NamespaceException> ThrowsNsAsync<T>(NsErrorKind kind, Func<ValueTask<T>> action) =>
        ThrowsNsAsync(kind, () => action().AsTask());

    public static Task<NamespaceException> ThrowsNsAsync<T>(NsErrorKind kind, Func<Task<T>> action) =>
        ThrowsNsAsync(kind, () => (Task)action());
}
