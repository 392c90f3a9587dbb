using Namespace.Nsh;

return NshProgram.Run(args);
