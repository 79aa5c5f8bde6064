using OneStop.Cli;

// Commands are registered in CliApp.CreateRoot, one line each, so tests can run them in-process.
return await CliApp.RunAsync(args, Console.Out, Console.Error);
