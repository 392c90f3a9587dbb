using Namespace.Core.Providers;

namespace Namespace.Caching.Tests;

/// <summary>What the write-back tests share: waiting for a failed attempt, the fake clock's step past every back-off, what flush left, listings.</summary>
internal static class WriteBackSupport
{
    /// <summary>Longer than any back-off the uploader waits.</summary>
    public static readonly TimeSpan AfterEveryBackoff = TimeSpan.FromMinutes(10);

    // Returns once the uploader has tried (and failed) to upload something since it was last changed.
    public static async Task AttemptedAsync(HttpOrigin origin)
    {
        var attempted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task CheckAsync()
        {
            if ((await origin.Os.UploadQueueAsync("/web")).Any(c => c.Attempts > 0)) attempted.TrySetResult();
        }
        using (origin.Os.OnUploadQueueChanged(() => _ = CheckAsync()))
        {
            await CheckAsync();
            await attempted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public static void NothingLeft(IReadOnlyList<PendingChange> left) =>
        Assert.IsEmpty(left, "left: " + string.Join("; ", left.Select(c => $"{c.Path} {c.Change} {c.State} {c.Reason}")));

    public static async Task<List<NsEntry>> ListAsync(HttpOrigin origin, string path)
    {
        var entries = new List<NsEntry>();
        await foreach (var entry in origin.Os.ListAsync(path)) entries.Add(entry);
        return entries;
    }
}
