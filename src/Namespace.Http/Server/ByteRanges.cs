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
    /// end are dropped, and if none is left the outcome is <see cref="RangeOutcome.Unsatisfiable"/>.
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
        return ranges.Count == 0 ? RangeOutcome.Unsatisfiable : RangeOutcome.Partial;
    }

    private static bool TryNumber(string text, out long value)
    {
        value = 0;
        return text.Length > 0 && text.All(char.IsAsciiDigit) &&
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
