using System.CommandLine;
using OneStop.Cli.Rendering;

namespace OneStop.Cli.Commands;

/// <summary><c>onestop graph ITEM [--catalogue DIR]</c>: prints a Mermaid flowchart of the item's flow.</summary>
internal static class GraphCommand
{
    public static Command Create()
    {
        var item = new Argument<string>("item") { Description = "An item file, or an item code or name in the catalogue" };
        var catalogue = new Option<string?>("--catalogue", "-c") { Description = "Catalogue directory (default: the current directory)" };
        var command = new Command("graph", "Print a Mermaid flowchart of an item's flow") { item, catalogue };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var definition = ItemResolver.Resolve(parse.GetValue(item)!, parse.GetValue(catalogue), output, parse.InvocationConfiguration.Error);
            if (definition is null) return ExitCodes.Errors;
            output.Write(MermaidRenderer.Render(definition));
            return ExitCodes.Ok;
        });
        return command;
    }
}
