using System.Runtime.CompilerServices;

// The REPL's parts (history file, completion) are tested directly as well as end to end.
[assembly: InternalsVisibleTo("Nsh.Tests")]
