namespace Namespace.Sqlite.Tests.Worker;

/// <summary>Entry point of the test assembly when run as a helper process (<c>dotnet Namespace.Sqlite.Tests.dll worker ...</c>).</summary>
public static class WorkerProgram
{
    public static int Main(string[] args) => 2;
}
