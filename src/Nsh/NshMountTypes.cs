using Namespace.Core.Errors;
using Namespace.Core.Providers;
using Namespace.Http.Client;
using Namespace.Http.Feeds;
using Namespace.Shell.Execution;
using Namespace.Sqlite;

namespace Namespace.Nsh;

/// <summary>Every mount type nsh offers: this is the one place that knows all the provider projects.</summary>
internal static class NshMountTypes
{
    private const string TokenOption = "token";

    public static MountTypeRegistry Create()
    {
        var registry = new MountTypeRegistry().AddCoreTypes();
        registry.Register("db", OpenDatabaseAsync);
        registry.Register("http", OpenHttpAsync, TokenOption);
        // The feed itself keeps nothing stale: every look is a conditional GET (a 304 costs little). Keeping copies
        // is what a cache element in front of it is for (mount -bC); watching polls once a minute.
        registry.Register("feed", request => ValueTask.FromResult<IFileProvider>(new FeedFileSystem(Url(request.Source),
            new FeedFileSystemOptions { RefreshInterval = TimeSpan.Zero, PollInterval = TimeSpan.FromMinutes(1) })));
        return registry;
    }

    // A damaged cache that holds nothing unsent is moved aside and replaced, and the user is told;
    // one that might hold unsent data is refused with how to recover.
    private static async ValueTask<IFileProvider> OpenDatabaseAsync(MountRequest request)
    {
        var file = Path.GetFullPath(request.Source, request.HostDirectory);
        var result = await DbFileSystem.OpenAsync(file, new DbOpenOptions { Damaged = DbDamagePolicy.MoveAsideIfClean }).ConfigureAwait(false);
        if (result.MovedAsideTo is { } aside)
            await request.WarnAsync($"{file}: damaged ({result.Damage}); moved aside to {aside} and started a fresh database").ConfigureAwait(false);
        return result.FileSystem;
    }

    // An origin that does not answer is still mounted (a startup script builds its namespace offline), and the user is told.
    // With -o token=TOKEN every request carries it (nsh serve -t TOKEN); like a password in the URL it is never shown.
    private static async ValueTask<IFileProvider> OpenHttpAsync(MountRequest request)
    {
        var url = Url(request.Source);
        var token = request.Options.LastOrDefault(o => o.Key == TokenOption).Value;
        var fs = await HttpFileSystem.ConnectAsync(url, new HttpFileSystemOptions { Token = token }).ConfigureAwait(false);
        if (fs.Kind == HttpOriginKind.Auto)
            await request.WarnAsync($"{fs.Source.Source}: not answering now; mounted anyway (reads fail, or come from a cache element in front of it, until it answers)").ConfigureAwait(false);
        return fs;
    }

    private static Uri Url(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw NsErrors.InvalidPath(UrlText.WithoutPasswords(source), "not an http or https URL");
}
