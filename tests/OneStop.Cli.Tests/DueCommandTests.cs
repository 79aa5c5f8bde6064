using System.CommandLine;
using OneStop.Cli.Commands;

namespace OneStop.Cli.Tests;

public class DueCommandTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand { DueCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = root.Parse(["due", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString().Trim(), error.ToString());
    }

    [Theory]
    [InlineData("2025-09-26", "5workdays", "2025-10-10")]
    [InlineData("2025-09-26", "20workdays", "2025-10-30")]
    [InlineData("2026-02-13", "20 workdays", "2026-03-19")]
    [InlineData("2025-09-26", "7days", "2025-10-09")]
    [InlineData("2025-09-30T16:00", "2workhours", "2025-10-09 10:00")]
    [InlineData("2025-09-26T10:00", "24hours", "2025-09-27 10:00")]
    public void Due_ValidArguments_PrintsDue(string start, string amount, string expected)
    {
        var (exit, output, error) = Run(start, amount);
        Assert.Equal(0, exit);
        Assert.Equal(expected, output);
        Assert.Equal("", error);
    }

    [Fact]
    public void Due_AmountAsTwoWords_Accepted()
    {
        Assert.Equal((0, "2025-10-10", ""), Run("2025-09-26", "5", "workdays"));
    }

    [Fact]
    public void Due_UncoveredYear_PrintsProvisionalNoteOnStderr()
    {
        var (exit, output, error) = Run("2026-12-31", "3workdays");
        Assert.Equal(0, exit);
        Assert.Equal("2027-01-05", output);
        Assert.Contains("provisional", error);
        Assert.Contains("2027", error);
    }

    [Theory]
    [InlineData]
    [InlineData("2025-09-26")]
    [InlineData("2025-13-01", "5workdays")]
    [InlineData("2025-09-26", "5weeks")]
    [InlineData("2025-09-26", "-5workdays")]
    [InlineData("2025-09-26", "5workdays", "--bogus")]
    [InlineData("2025-09-26", "5workdays", "--calendar")]
    [InlineData("2025-09-26", "5workdays", "--calendar", "/nonexistent/onestop-due")]
    public void Due_BadArguments_ExitCode2WithMessage(params string[] args)
    {
        var (exit, output, error) = Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("onestop due: ", error);
    }

    [Fact]
    public void Due_CalendarOverlay_Applied()
    {
        var result = RunWithOverlay("local.json",
            """{ "format": 1, "kind": "regional", "years": { "2025": { "off": ["2025-10-09"] } } }""",
            "2025-09-26", "5workdays");
        // 9-28 (make-up), 9-29, 9-30, (10-09 now off), 10-10, 10-11 (make-up Saturday).
        Assert.Equal((0, "2025-10-11", ""), result);
    }

    [Fact]
    public void Due_MalformedOverlay_ExitCode1NamingFile()
    {
        var (exit, _, error) = RunWithOverlay("broken.json", "{ \"format\": 1,\n \"years\": [ }", "2025-09-26", "5workdays");
        Assert.Equal(1, exit);
        Assert.Contains("broken.json:2:", error);
    }

    // Runs due with --calendar pointing at a fresh directory holding one overlay file, and deletes the directory after.
    private static (int Exit, string Out, string Err) RunWithOverlay(string fileName, string text, params string[] args)
    {
        var dir = Path.Combine(Path.GetTempPath(), "onestop-due-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, fileName), text);
            return Run([.. args, "--calendar", dir]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
