using System.Net.Http.Headers;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Http.Client;

/// <summary>
/// Writes a remote file: the data is spooled to a temporary local file (never held in memory) and
/// sent as one PUT when the stream is disposed, with the conditions its opener gives (<c>If-Match</c>
/// the version expected, or <c>If-None-Match: *</c> for a new file), so nothing newer is ever
/// overwritten. The origin commits the PUT atomically.
/// </summary>
internal sealed class HttpWriteStream : NsWriteStream
{
    private static readonly TimeSpan PerMegabyte = TimeSpan.FromSeconds(1);
    private readonly HttpFileSystem _fs;
    private readonly VPath _path;
    private readonly Uri _url;
    private readonly Action<HttpRequestMessage>? _conditions;
    private readonly FileStream _spool;
    private bool _done;

    public HttpWriteStream(HttpFileSystem fs, VPath path, Uri url, Action<HttpRequestMessage>? conditions)
    {
        _fs = fs;
        _path = path;
        _url = url;
        _conditions = conditions;
        _spool = new FileStream(Path.Combine(Path.GetTempPath(), "nsh-httpfs-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
    }

    /// <summary>Spools the current content first (append), from the version the PUT will be conditional on.</summary>
    public async Task StartWithAsync(NsEntry entry, CancellationToken cancellationToken)
    {
        using var response = await _fs.SendAsync(HttpMethod.Get, _url, _path, request =>
        {
            if (entry.ETag is not null) HttpFileSystem.AddRaw(request, "If-Match", entry.ETag);
        }, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw await _fs.ErrorAsync(response, _path, _url, change: false).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await body.CopyToAsync(_spool, cancellationToken).ConfigureAwait(false);
    }

    public override long Length => _spool.Length;

    public override void Flush()
    {
        // Nothing is visible before the stream is disposed.
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Write(byte[] buffer, int offset, int count) => _spool.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _spool.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _spool.WriteAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _spool.WriteAsync(buffer, cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        if (!_done)
        {
            _done = true;
            try
            {
                if (!Aborted) await CommitAsync().ConfigureAwait(false);
            }
            finally
            {
                await _spool.DisposeAsync().ConfigureAwait(false);
            }
        }
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_done)
        {
            // Stream.Dispose has no async form to call; the commit is a network request.
            DisposeAsync().AsTask().GetAwaiter().GetResult();
            return;
        }
        base.Dispose(disposing);
    }

    private async Task CommitAsync()
    {
        await _spool.FlushAsync().ConfigureAwait(false);
        _spool.Position = 0;
        using var content = new StreamContent(new UnownedStream(_spool), 64 * 1024);
        content.Headers.ContentLength = _spool.Length;
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var timeout = _fs.Options.RequestTimeout + PerMegabyte * (_spool.Length / (1 << 20));
        using var response = await _fs.SendAsync(HttpMethod.Put, _url, _path, request =>
        {
            // The origin answers a failed precondition or a too-large body before the upload starts.
            request.Headers.ExpectContinue = true;
            _conditions?.Invoke(request);
        }, CancellationToken.None, content: content, timeout: timeout).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw await _fs.ErrorAsync(response, _path, _url, change: true).ConfigureAwait(false);
    }

    // Lets the request content read the spool without closing it (the spool deletes itself on close).
    private sealed class UnownedStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
