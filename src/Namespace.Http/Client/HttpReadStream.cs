using System.Net;
using Namespace.Core.Errors;
using Namespace.Core.Paths;

namespace Namespace.Http.Client;

/// <summary>
/// A read stream over one version of a remote file. Sequential reads use one response; a seek
/// starts a new <c>Range</c> request from the new position, conditional on the version first read
/// (<c>If-Match</c>, or <c>If-Unmodified-Since</c> without an ETag), so the stream never mixes two
/// versions: a file changed meanwhile is a Conflict. Servers that ignore Range are read from the
/// start and skipped forward.
/// <para>
/// Read-ahead after a seek is earned, as a kernel's is: the first range asks for what the read asked
/// for (at least a page), each read that carries on where the last range ended asks for twice as
/// much, and once that reaches <see cref="MaxWindow"/> the rest of the file is asked for. Random
/// small reads so cost about what they read, and every bounded response is read to its end, so its
/// connection goes back to the pool instead of being closed under a server still sending.
/// </para>
/// </summary>
internal sealed class HttpReadStream : Stream
{
    private const long SkipInsteadOfRequest = 64 * 1024;
    private const long MinWindow = 4096;
    private const long MaxWindow = 4L << 20;
    private readonly HttpFileSystem _fs;
    private readonly VPath _path;
    private readonly Uri _url;
    private readonly long _length;
    private readonly string? _etag;
    private readonly DateTimeOffset? _lastModified;
    private HttpResponseMessage? _response;
    private Stream? _body;
    private long _bodyPosition;
    private long _bodyEnd;
    private long _window;
    private long _position;

    public HttpReadStream(HttpFileSystem fs, VPath path, Uri url, HttpResponseMessage response, Stream body)
    {
        _fs = fs;
        _path = path;
        _url = url;
        _response = response;
        _body = body;
        _length = response.Content.Headers.ContentLength ?? -1;
        _etag = HttpFileSystem.StrongETag(response);
        _lastModified = response.Content.Headers.LastModified;
        _bodyEnd = _length >= 0 ? _length : long.MaxValue;
    }

    public override bool CanRead => true;

    public override bool CanSeek => _length >= 0;

    public override bool CanWrite => false;

    public override long Length => _length >= 0 ? _length : throw new NotSupportedException("the server did not say how long the file is");

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = target;
        return target;
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0 || _length >= 0 && _position >= _length) return 0;
        if (_body is null || _bodyPosition > _position || _position >= _bodyEnd || _position - _bodyPosition > SkipInsteadOfRequest)
            await ReopenAsync(buffer.Length, cancellationToken).ConfigureAwait(false);
        await SkipAsync(_position - _bodyPosition, cancellationToken).ConfigureAwait(false);
        if (_bodyEnd - _position < buffer.Length) buffer = buffer[..(int)(_bodyEnd - _position)];
        int n;
        try
        {
            n = await _body!.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw HttpErrors.Network(_path, _url, e);
        }
        catch (IOException e) when (e is not NamespaceException)
        {
            throw HttpErrors.Network(_path, _url, e);
        }
        if (n == 0 && _length >= 0 && _position < _length)
            throw NsErrors.Unavailable(_path, $"{_url}: the response ended after {_position} of {_length} bytes");
        _position += n;
        _bodyPosition += n;
        return n;
    }

    private async Task SkipAsync(long count, CancellationToken cancellationToken)
    {
        if (count <= 0) return;
        var scratch = new byte[(int)Math.Min(Math.Max(count, 1), 64 * 1024)];
        while (count > 0)
        {
            var n = await _body!.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, count)), cancellationToken).ConfigureAwait(false);
            if (n == 0) throw NsErrors.Unavailable(_path, $"{_url}: the response ended early");
            count -= n;
            _bodyPosition += n;
        }
    }

    private async Task ReopenAsync(int readSize, CancellationToken cancellationToken)
    {
        // Carrying on exactly where the last range ended is sequential reading: earn a bigger window.
        var sequential = _body is not null && _position == _bodyEnd && _bodyPosition == _bodyEnd;
        _window = sequential && _window > 0 ? _window * 2 : Math.Max(readSize, MinWindow);
        await CloseCurrentAsync().ConfigureAwait(false);
        var from = _position;
        long? to = _window >= MaxWindow || _length < 0 ? null : Math.Min(from + _window, _length) - 1;
        var response = await _fs.SendAsync(HttpMethod.Get, _url, _path, request =>
        {
            if (from > 0 || to is not null) request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(from, to);
            if (_etag is not null) HttpFileSystem.AddRaw(request, "If-Match", _etag);
            else if (_lastModified is { } date) request.Headers.IfUnmodifiedSince = date;
        }, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        try
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.PartialContent:
                    _bodyPosition = response.Content.Headers.ContentRange?.From ?? from;
                    _bodyEnd = response.Content.Headers.ContentRange?.To + 1 ?? (response.Content.Headers.ContentLength is { } n ? _bodyPosition + n : _length);
                    if (_bodyPosition > from || _bodyEnd <= from)
                        throw NsErrors.Unavailable(_path, $"{_url}: asked for bytes from {from}, the server sent {_bodyPosition}-{_bodyEnd - 1}");
                    break;
                case HttpStatusCode.OK:
                    if (_etag is not null && HttpFileSystem.StrongETag(response) is { } now && now != _etag)
                        throw NsErrors.Conflict(_path, $"changed while being read ({_url})");
                    _bodyPosition = 0;
                    _bodyEnd = _length >= 0 ? _length : long.MaxValue;
                    break;
                case HttpStatusCode.PreconditionFailed:
                    throw NsErrors.Conflict(_path, $"changed while being read ({_url}: {HttpErrors.Status(response.StatusCode)})");
                default:
                    throw await _fs.ErrorAsync(response, _path, _url, change: false).ConfigureAwait(false);
            }
            _response = response;
            _body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) Close(dispose: true);
        base.Dispose(disposing);
    }

    // A response with little left is read to its end, so its connection can serve the next request.
    private async Task CloseCurrentAsync()
    {
        if (_body is not null && _bodyEnd - _bodyPosition is > 0 and <= SkipInsteadOfRequest)
        {
            try
            {
                var scratch = new byte[(int)(_bodyEnd - _bodyPosition)];
                while (await _body.ReadAsync(scratch).ConfigureAwait(false) > 0)
                {
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                // The connection is closed instead.
            }
        }
        Close(dispose: true);
    }

    private void Close(bool dispose)
    {
        if (!dispose) return;
        _body?.Dispose();
        _response?.Dispose();
        _body = null;
        _response = null;
    }
}
