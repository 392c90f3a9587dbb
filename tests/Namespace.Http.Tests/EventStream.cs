using Namespace.Http.Client;

namespace Namespace.Http.Tests;

/// <summary>A test's view of the origin's event stream: one connection, read message by message.</summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseMessage> _messages;
    private readonly CancellationTokenSource _cts = new();

    private EventStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _messages = SseReader.ReadAsync(body, _cts.Token).GetAsyncEnumerator(_cts.Token);
    }

    public static async Task<EventStream> OpenAsync(HttpClient client, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, ".events");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.AreEqual("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStream(response, await response.Content.ReadAsStreamAsync());
    }

    internal async Task<SseMessage> NextAsync(int seconds = 20)
    {
        var move = _messages.MoveNextAsync().AsTask();
        if (await Task.WhenAny(move, Task.Delay(TimeSpan.FromSeconds(seconds))) != move) Assert.Fail("no event arrived in time");
        Assert.IsTrue(await move, "the event stream ended");
        return _messages.Current;
    }

    /// <summary>Reads change events until one matches, returning everything read.</summary>
    internal async Task<List<SseMessage>> UntilAsync(Func<SseMessage, bool> done, int seconds = 20)
    {
        var seen = new List<SseMessage>();
        while (true)
        {
            var m = await NextAsync(seconds);
            seen.Add(m);
            if (done(m)) return seen;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _response.Dispose();
        try
        {
            await _messages.DisposeAsync();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The connection is gone, as intended.
        }
        _cts.Dispose();
    }
}
