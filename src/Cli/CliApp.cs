using System.CommandLine;
using OneStop.Cli.Commands;

namespace OneStop.Cli;

/// <summary>The onestop command line, runnable in-process with any writers (tests use string writers).</summary>
internal static class CliApp
{
    /// <summary>Builds the root command with every subcommand.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("onestop: check, explain and run OneStop administrative items.");
        // One line per command; each command lives in Commands/<Name>Command.cs.
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(GraphCommand.Create());
        root.Subcommands.Add(GuideCommand.Create());
        root.Subcommands.Add(DueCommand.Create());
        root.Subcommands.Add(StatsCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>, writing to the given writers; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
        => CreateRoot().Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken);

    /// <summary>Synchronous <see cref="RunAsync"/>.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        => CreateRoot().Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
}
