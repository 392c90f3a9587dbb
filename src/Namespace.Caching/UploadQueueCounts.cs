namespace Namespace.Caching;

/// <summary>The upload queue in numbers, as the shell's prompt and the browser's header show it (see <see cref="WriteBackAdministration.UploadQueueAsync"/>).</summary>
/// <param name="Pending">Changes waiting for the uploader.</param>
/// <param name="Uploading">Changes being sent.</param>
/// <param name="Failed">Changes the origin refused for good.</param>
/// <param name="Conflicts">Changes in conflict with the origin, waiting for <c>resolve</c>.</param>
/// <param name="NotDurable">Of all those, the changes kept in memory only (<see cref="PendingChange.Durable"/> false), lost when the process ends.</param>
public sealed record UploadQueueCounts(int Pending, int Uploading, int Failed, int Conflicts, int NotDurable)
{
    /// <summary>An empty queue.</summary>
    public static UploadQueueCounts None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Every change not yet at its origin.</summary>
    public int Total => Pending + Uploading + Failed + Conflicts;

    /// <summary>The changes the uploader is still to send (pending or uploading), not those parked for the user.</summary>
    public int Waiting => Pending + Uploading;

    /// <summary>Counts <paramref name="changes"/> by state.</summary>
    public static UploadQueueCounts Of(IEnumerable<PendingChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        int pending = 0, uploading = 0, failed = 0, conflicts = 0, notDurable = 0;
        foreach (var change in changes)
        {
            switch (change.State)
            {
                case JournalState.Pending: pending++; break;
                case JournalState.Uploading: uploading++; break;
                case JournalState.Failed: failed++; break;
                case JournalState.Conflict: conflicts++; break;
            }
            if (!change.Durable) notDurable++;
        }
        return new(pending, uploading, failed, conflicts, notDurable);
    }
}
