using BenchmarkDotNet.Running;

// `--simulate [options]` runs the load simulator once at full size (same options as `onestop simulate`).
if (args.Length > 0 && args[0] == "--simulate")
    return await OneStop.Cli.CliApp.RunAsync(["simulate", .. args[1..]], Console.Out, Console.Error);

// Every suite is a class in this assembly; pick with --filter, e.g. `--filter *Calendar*`.
BenchmarkSwitcher.FromAssembly(typeof(OneStop.Benchmarks.Simulation.SimulatorBenchmarks).Assembly).Run(args);
return 0;
