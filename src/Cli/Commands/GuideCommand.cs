using System.CommandLine;
using OneStop.Cli.Rendering;

namespace OneStop.Cli.Commands;

/// <summary><c>onestop guide ITEM [--catalogue DIR]</c>: prints the service guide (办事指南) in Markdown.</summary>
internal static class GuideCommand
{
    public static Command Create()
    {
        var item = new Argument<string>("item") { Description = "An item file, or an item code or name in the catalogue" };
        var catalogue = new Option<string?>("--catalogue", "-c") { Description = "Catalogue directory (default: the current directory)" };
        var command = new Command("guide", "Print the service guide (办事指南) of an item in Markdown") { item, catalogue };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var definition = ItemResolver.Resolve(parse.GetValue(item)!, parse.GetValue(catalogue), output, parse.InvocationConfiguration.Error);
            if (definition is null) return ExitCodes.Errors;
            output.Write(GuideRenderer.Render(definition));
            return ExitCodes.Ok;
        });
        return command;
    }
}
