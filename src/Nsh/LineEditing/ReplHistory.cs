using System.Text;

namespace Namespace.Nsh.LineEditing;

/// <summary>
/// The REPL's command history: in memory for Up/Down and the <c>history</c> builtin, and persisted in a
/// file (by default <c>~/.nsh/history</c>), one entry a line. A multi-line command is one entry:
/// newlines, carriage returns and backslashes are written as <c>\n</c>, <c>\r</c> and <c>\\</c>.
/// A file that cannot be read or written, or that is not text, never stops the shell: the first
/// problem is reported once through the warning callback and the history goes on in memory only.
/// </summary>
internal sealed class ReplHistory
{
    /// <summary>How many entries are kept, in memory and in the file.</summary>
    public const int DefaultCapacity = 1000;

    // The file may grow this far past the capacity before it is trimmed (so most commands are a plain append).
    private const int TrimSlack = 100;

    private readonly string? _path;
    private readonly int _capacity;
    private readonly Func<string, ValueTask> _warn;
    private readonly List<string> _entries = [];
    private bool _persist;
    private bool _warned;
    private int _fileEntries;

    /// <summary>Makes a history persisted in <paramref name="path"/> (null: in memory only).</summary>
    /// <param name="path">The history file.</param>
    /// <param name="warn">Reports a problem with the file (called at most once).</param>
    /// <param name="capacity">How many entries to keep.</param>
    public ReplHistory(string? path, Func<string, ValueTask> warn, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _path = path;
        _warn = warn;
        _capacity = capacity;
        _persist = path is not null;
    }

    /// <summary><c>$HOME/.nsh/history</c>, or null when there is no home directory.</summary>
    public static string? DefaultPath()
    {
        var home = Environment.GetEnvironmentVariable("HOME");
        if (string.IsNullOrEmpty(home)) home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".nsh", "history");
    }

    /// <summary>The entries, oldest first.</summary>
    public IReadOnlyList<string> Entries => _entries;

    /// <summary>Reads the file (a missing one is an empty history) and trims it when it holds more than the capacity.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        if (_path is null || !File.Exists(_path)) return;
        (List<string> Last, int Total) file;
        try
        {
            file = await ReadFileAsync(_path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or DecoderFallbackException)
        {
            _persist = false;
            await WarnAsync($"{_path}: {Describe(e)}; history will not be saved this session").ConfigureAwait(false);
            return;
        }
        _fileEntries = file.Total;
        _entries.Clear();
        _entries.AddRange(file.Last);
        if (file.Total > _capacity) await TrimFileAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds an entry (trailing blanks removed; a repeat of the last one is not added again) and
    /// appends it to the file. Blank entries are ignored.
    /// </summary>
    public async Task AddAsync(string entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry = entry.TrimEnd();
        if (entry.Length == 0) return;
        if (_entries.Count > 0 && _entries[^1] == entry) return;
        _entries.Add(entry);
        if (_entries.Count > _capacity) _entries.RemoveRange(0, _entries.Count - _capacity);
        if (!_persist || _path is null) return;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            await File.AppendAllTextAsync(_path, Encode(entry) + "\n", Utf8, cancellationToken).ConfigureAwait(false);
            _fileEntries++;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _persist = false;
            await WarnAsync($"{_path}: {Describe(e)}; history will not be saved this session").ConfigureAwait(false);
            return;
        }
        if (_fileEntries > _capacity + TrimSlack) await TrimFileAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One entry as one line of the file.</summary>
    public static string Encode(string entry)
    {
        var sb = new StringBuilder(entry.Length + 8);
        foreach (var c in entry)
        {
            sb.Append(c switch
            {
                '\\' => @"\\",
                '\n' => @"\n",
                '\r' => @"\r",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    /// <summary>The entry a line of the file holds; an unknown escape is kept as written.</summary>
    public static string Decode(string line)
    {
        if (!line.Contains('\\')) return line;
        var sb = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c != '\\' || i + 1 == line.Length)
            {
                sb.Append(c);
                continue;
            }
            switch (line[i + 1])
            {
                case '\\': sb.Append('\\'); i++; break;
                case 'n': sb.Append('\n'); i++; break;
                case 'r': sb.Append('\r'); i++; break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The file's last entries (at most the capacity), oldest first, and how many it holds in all;
    // only the last ones are kept while reading, so a huge file costs no memory.
    private async Task<(List<string> Last, int Total)> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        var kept = new Queue<string>();
        var total = 0;
        using var reader = new StreamReader(path, StrictUtf8, detectEncodingFromByteOrderMarks: false);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Contains('\0')) throw new InvalidDataException("not a history file (it holds binary data)");
            if (line.Length == 0) continue;
            total++;
            kept.Enqueue(Decode(line));
            if (kept.Count > _capacity) kept.Dequeue();
        }
        return (kept.ToList(), total);
    }

    // Rewrites the file with its last entries (re-read, so other sessions' appends are kept), through a temporary file.
    private async Task TrimFileAsync(CancellationToken cancellationToken)
    {
        if (_path is null) return;
        var temporary = _path + ".tmp" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var (last, _) = await ReadFileAsync(_path, cancellationToken).ConfigureAwait(false);
            await File.WriteAllLinesAsync(temporary, last.Select(Encode), Utf8, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, _path, overwrite: true);
            _fileEntries = last.Count;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or DecoderFallbackException)
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            _persist = false;
            await WarnAsync($"{_path}: {Describe(e)}; history will not be saved this session").ConfigureAwait(false);
        }
    }

    private async ValueTask WarnAsync(string message)
    {
        if (_warned) return;
        _warned = true;
        await _warn("nsh: " + message).ConfigureAwait(false);
    }

    private static string Describe(Exception e) => e switch
    {
        DecoderFallbackException => "not a history file (it is not UTF-8 text)",
        InvalidDataException => e.Message,
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };
}
