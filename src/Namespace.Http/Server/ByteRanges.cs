using System.Globalization;

namespace Namespace.Http.Server;

/// <summary>What a <c>Range</c> header asks for, against a representation of a known length.</summary>
internal enum RangeOutcome
{
    /// <summary>No usable Range header (absent, another unit, malformed, too many ranges): send everything.</summary>
    Full,
    /// <summary>Ranges were asked for and none overlaps the content: 416.</summary>
    Unsatisfiable,
    /// <summary>One or more satisfiable ranges: 206.</summary>
    Partial,
}

/// <summary>Parses <c>Range: bytes=...</c> (RFC 9110 §14.1.2) into inclusive byte ranges.</summary>
internal static class ByteRanges
{
    /// <summary>
    /// Parses <paramref name="header"/> for content of <paramref name="length"/> bytes. Syntax errors
    /// and other units are ignored (RFC 9110 lets a server ignore Range); ranges that start past the
    /// end are dropped, and if none is left the outcome is <see cref="RangeOutcome.Unsatisfiable"/>. The ranges come
    /// back sorted, overlapping and touching ones merged.
    /// </summary>
    public static RangeOutcome Parse(string? header, long length, int maxRanges, out List<(long From, long To)> ranges)
    {
        ranges = [];
        if (string.IsNullOrWhiteSpace(header)) return RangeOutcome.Full;
        var text = header.Trim();
        var eq = text.IndexOf('=');
        if (eq < 0 || !text[..eq].Trim().Equals("bytes", StringComparison.OrdinalIgnoreCase)) return RangeOutcome.Full;
        var specs = text[(eq + 1)..].Split(',');
        if (specs.Length > maxRanges) return RangeOutcome.Full;
        var any = false;
        foreach (var raw in specs)
        {
            var spec = raw.Trim();
            if (spec.Length == 0) continue;
            var dash = spec.IndexOf('-');
            if (dash < 0) return RangeOutcome.Full;
            var first = spec[..dash].Trim();
            var last = spec[(dash + 1)..].Trim();
            any = true;
            if (first.Length == 0)
            {
                if (!TryNumber(last, out var suffix)) return RangeOutcome.Full;
                if (suffix == 0 || length == 0) continue;
                ranges.Add((Math.Max(0, length - suffix), length - 1));
                continue;
            }
            if (!TryNumber(first, out var from)) return RangeOutcome.Full;
            long to;
            if (last.Length == 0)
            {
                to = length - 1;
            }
            else
            {
                if (!TryNumber(last, out to) || to < from) return RangeOutcome.Full;
                to = Math.Min(to, length - 1);
            }
            if (from >= length) continue;
            ranges.Add((from, to));
        }
        if (!any) return RangeOutcome.Full;
        if (ranges.Count == 0) return RangeOutcome.Unsatisfiable;
        ranges = Coalesce(ranges);
        return RangeOutcome.Partial;
    }

    // Overlapping and touching ranges become one (RFC 9110 §14.3), in order: however the ranges are asked for, no byte
    // is sent twice, so an answer is never larger than the file plus the multipart framing.
    private static List<(long From, long To)> Coalesce(List<(long From, long To)> ranges)
    {
        if (ranges.Count < 2) return ranges;
        ranges.Sort((a, b) => a.From.CompareTo(b.From));
        var merged = new List<(long From, long To)> { ranges[0] };
        foreach (var (from, to) in ranges.Skip(1))
        {
            var last = merged[^1];
            if (from <= last.To + 1) merged[^1] = (last.From, Math.Max(last.To, to));
            else merged.Add((from, to));
        }
        return merged;
    }

    // A number too large for a long is as good as the largest one: no file is that long, so a last byte
    // position beyond it means "to the end" and a first one beyond it is past the end.
    private static bool TryNumber(string text, out long value)
    {
        value = 0;
        if (text.Length == 0 || !text.All(char.IsAsciiDigit)) return false;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)) value = long.MaxValue;
        return true;
    }
}
