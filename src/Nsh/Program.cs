using Namespace.Core.Errors;
using Namespace.Nsh;

// Until the rc-style shell lands, nsh builds the demo namespace that namespace.rc describes and
// shows it. Errors are one line, as nsh's will be.
try
{
    return await Demo.RunAsync(Console.Out, Directory.GetCurrentDirectory());
}
catch (NamespaceException e)
{
    Console.Error.WriteLine($"nsh: {e.Message}");
    return 1;
}
