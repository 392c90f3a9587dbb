using System.Text.RegularExpressions;

namespace Namespace.Core.Providers;

/// <summary>URLs as they may be shown: a password written into one (<c>http://user:secret@host/</c>) is never printed.</summary>
public static partial class UrlText
{
    /// <summary><paramref name="url"/> without its password; the user name stays, so the origin is still recognisable.</summary>
    public static string WithoutPassword(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || url.UserInfo.Length == 0) return url.ToString();
        var builder = new UriBuilder(url) { Password = string.Empty };
        return builder.Uri.ToString();
    }

    /// <summary>
    /// <paramref name="text"/> with the password of every URL in it left out (<c>scheme://user:secret@</c> becomes
    /// <c>scheme://user@</c>): for messages that quote what a user typed, which may not even parse as a URL.
    /// </summary>
    public static string WithoutPasswords(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains("://", StringComparison.Ordinal) ? Password().Replace(text, "$1@") : text;
    }

    [GeneratedRegex(@"(://[^/?#@:\s]*):[^/?#@\s]*@")]
    private static partial Regex Password();
}
