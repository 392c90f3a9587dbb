using Namespace.Nsh;

return await NshProgram.MainAsync(args);
