namespace Namespace.Sqlite.Tests.Worker;

/// <summary>
/// Entry point of the test assembly when started as the second process of the two-process tests:
/// <c>dotnet Namespace.Sqlite.Tests.dll worker DB NAME ITERATIONS [cache]</c>. It opens the database, prints
/// <c>ready</c>, waits for <c>go</c> on standard input, runs <see cref="SharedWorkload"/> (or, with <c>cache</c>,
/// <see cref="SharedCacheWorkload"/>) and prints
/// <c>done</c> (exit 0) or <c>error: ...</c> (exit 1).
/// </summary>
public static class WorkerProgram
{
    public static int Main(string[] args)
    {
        var (database, name, iterations, cache) = args switch
        {
            ["worker", var d, var n, var i] => (d, n, i, false),
            ["worker", var d, var n, var i, "cache"] => (d, n, i, true),
            _ => (null!, null!, null!, false),
        };
        if (database is null)
        {
            Console.Error.WriteLine("usage: worker DB NAME ITERATIONS [cache]");
            return 2;
        }
        return RunAsync(database, name, int.Parse(iterations, System.Globalization.CultureInfo.InvariantCulture), cache).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string database, string name, int iterations, bool cache)
    {
        try
        {
            var opened = await DbFileSystem.OpenAsync(database, new DbOpenOptions { ChunkSize = SharedWorkload.ChunkSize });
            await using var fs = opened.FileSystem;
            Console.Out.WriteLine("ready");
            Console.Out.Flush();
            if (await Console.In.ReadLineAsync() != "go") return 3;
            if (cache) await SharedCacheWorkload.RunAsync(fs, name, iterations, CancellationToken.None);
            else await SharedWorkload.RunAsync(fs, name, iterations, CancellationToken.None);
            Console.Out.WriteLine("done");
            return 0;
        }
        catch (Exception e)
        {
            Console.Out.WriteLine("error: " + e.ToString().ReplaceLineEndings(" | "));
            return 1;
        }
    }
}
