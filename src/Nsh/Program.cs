using Namespace.Nsh;

// A plain Main that waits, as the compiler's async Main would, with one async state machine less to JIT at start-up.
return NshProgram.MainAsync(args).GetAwaiter().GetResult();
