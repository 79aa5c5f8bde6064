using System.CommandLine;
using OneStop.Cli.Commands;

var root = new RootCommand("onestop: check, explain and run OneStop administrative items.")
{
    // One line per command; each command lives in Commands/<Name>Command.cs.
};
root.Subcommands.Add(DueCommand.Create());
return await root.Parse(args).InvokeAsync();
