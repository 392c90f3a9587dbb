using System.Text;
using Namespace.Browser.State;
using Namespace.Core.Errors;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Browser.Effects;

/// <summary>
/// Reads what the preview pane shows: the entry's metadata, then for a text file its first lines
/// (at most <see cref="HeadBytes"/> bytes are read), for a binary file a note, for a mount point its union.
/// </summary>
public static class PreviewReader
{
    /// <summary>How much of a file is read for its preview.</summary>
    public const int HeadBytes = 8 * 1024;

    /// <summary>The number of text lines kept.</summary>
    public const int HeadLines = 200;

    /// <summary>The preview of <paramref name="entry"/> at <paramref name="path"/>.</summary>
    public static async Task<Preview> ReadAsync(VirtualOS os, VPath path, NsEntry entry, CancellationToken cancellationToken)
    {
        var etag = entry.ETag is { } tag ? "  etag " + tag : "";
        var lines = new List<string>
        {
            (entry.IsDirectory ? "directory" : $"file, {entry.Size} bytes") + "  " + NsEntryText.Mode(entry),
            "modified " + NsEntryText.Time(entry.ModifiedUtc) + etag,
            "cache " + NsEntryText.State(entry.Cache) + "  served by " + entry.ServedBy,
        };
        if (entry.IsDirectory)
        {
            if (os.Mounts.FirstOrDefault(m => m.Path == path) is { } mount)
            {
                lines.Add("");
                lines.Add($"mount point, union of {mount.Elements.Count}:");
                lines.AddRange(mount.Elements.Select((e, i) => $"  {i + 1}. {e}"));
            }
            return new Preview(path, lines);
        }
        lines.Add("");
        try
        {
            var head = await ReadHeadAsync(os, path, cancellationToken).ConfigureAwait(false);
            if (head is null) lines.Add("(binary file: no preview)");
            else if (head.Count == 0) lines.Add("(empty file)");
            else lines.AddRange(head);
        }
        catch (NamespaceException e)
        {
            lines.Add("cannot read: " + e.Reason);
        }
        catch (IOException e)
        {
            lines.Add("cannot read: " + e.Message);
        }
        return new Preview(path, lines);
    }

    // The first lines as text, or null when the head is not UTF-8 text (a NUL byte, an invalid sequence).
    private static async Task<List<string>?> ReadHeadAsync(VirtualOS os, VPath path, CancellationToken cancellationToken)
    {
        var buffer = new byte[HeadBytes];
        var length = 0;
        var stream = await os.OpenReadAsync(path.Value, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
                length += read;
        }
        var bytes = buffer.AsSpan(0, length);
        if (bytes.Contains((byte)0)) return null;
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var chars = new char[length];
        int count;
        try
        {
            // flush: false leaves a character cut off at the end of the head undecoded instead of failing.
            count = decoder.GetChars(bytes, chars, flush: false);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        var text = new string(chars, 0, count);
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var lines = text.Split('\n').Take(HeadLines).Select(l => l.TrimEnd('\r').Replace("\t", "    ", StringComparison.Ordinal)).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }
}
