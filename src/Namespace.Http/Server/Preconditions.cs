using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Namespace.Core.Providers;

namespace Namespace.Http.Server;

/// <summary>Evaluates conditional request headers in the order RFC 9110 §13.2.2 gives.</summary>
internal static class Preconditions
{
    /// <summary>
    /// 0 when the request may go on; 304 or 412 when a precondition says otherwise; 400 when a
    /// header is malformed (<paramref name="bad"/> says which). <paramref name="safe"/> is true for GET and HEAD.
    /// </summary>
    public static int Evaluate(HttpRequest request, NsEntry? entry, bool safe, out string? bad)
    {
        bad = null;
        var exists = entry is not null;
        var etag = entry?.ETag;
        var ifMatch = Joined(request.Headers.IfMatch);
        if (ifMatch is not null)
        {
            if (!EntityTagList.TryParse(ifMatch, out var list))
            {
                bad = "malformed If-Match";
                return StatusCodes.Status400BadRequest;
            }
            if (!(list.Any ? exists : list.MatchesStrong(etag))) return StatusCodes.Status412PreconditionFailed;
        }
        else if (exists && TryDate(request.Headers.IfUnmodifiedSince, out var unmodifiedSince) && Seconds(entry!.ModifiedUtc) > unmodifiedSince)
        {
            return StatusCodes.Status412PreconditionFailed;
        }
        var ifNoneMatch = Joined(request.Headers.IfNoneMatch);
        if (ifNoneMatch is not null)
        {
            if (!EntityTagList.TryParse(ifNoneMatch, out var list))
            {
                bad = "malformed If-None-Match";
                return StatusCodes.Status400BadRequest;
            }
            if (list.Any ? exists : list.MatchesWeak(etag))
                return safe ? StatusCodes.Status304NotModified : StatusCodes.Status412PreconditionFailed;
        }
        else if (safe && exists && TryDate(request.Headers.IfModifiedSince, out var modifiedSince) && Seconds(entry!.ModifiedUtc) <= modifiedSince)
        {
            return StatusCodes.Status304NotModified;
        }
        return 0;
    }

    /// <summary>True when an <c>If-Range</c> value lets a Range request be served as ranges.</summary>
    public static bool IfRangeHolds(string ifRange, NsEntry entry)
    {
        var text = ifRange.Trim();
        if (text.StartsWith('"') || text.StartsWith("W/", StringComparison.Ordinal))
            return EntityTagList.TryParse(text, out var list) && !list.Any && list.MatchesStrong(entry.ETag);
        return TryDate(text, out var date) && date == Seconds(entry.ModifiedUtc);
    }

    /// <summary>A time cut to whole seconds, as HTTP dates carry it.</summary>
    public static DateTimeOffset Seconds(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static string? Joined(StringValues values) => values.Count == 0 ? null : string.Join(',', values.ToArray());

    private static bool TryDate(StringValues values, out DateTimeOffset date)
    {
        date = default;
        return values.Count == 1 && TryDate(values[0], out date);
    }

    private static bool TryDate(string? text, out DateTimeOffset date) => HeaderUtilities.TryParseDate(text, out date);
}
