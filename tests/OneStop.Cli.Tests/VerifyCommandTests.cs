namespace OneStop.Cli.Tests;

public class VerifyCommandTests
{
    private static async Task<(int Exit, string Out, string Err)> RunAsync(string path)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApp.RunAsync(["verify", path], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Verify_IntactFile_ExitsZero()
    {
        using var file = new StoreFileFixture();
        await file.WriteAsync(2);
        var (exit, output, error) = await RunAsync(file.Path);
        Assert.Equal((0, ""), (exit, error));
        Assert.StartsWith("ok: 4 case(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EditedAndTruncatedCases_NamesBothAndExitsOne()
    {
        using var file = new StoreFileFixture();
        var n = await file.WriteAsync(3);
        // The event log is keyed by case id (SQLite schema 7).
        file.Sql($"UPDATE events SET actor = 'intruder' WHERE case_id = (SELECT case_id FROM case_ids WHERE case_number = '{n[1]}') AND sequence = 2");
        file.Sql($"DELETE FROM events WHERE case_id = (SELECT case_id FROM case_ids WHERE case_number = '{n[2]}') AND sequence = " +
            $"(SELECT max(sequence) FROM events WHERE case_id = (SELECT case_id FROM case_ids WHERE case_number = '{n[2]}'))");

        var (exit, output, _) = await RunAsync(file.Path);

        Assert.Equal(1, exit);
        Assert.Contains($"{n[1]} #2: edited", output, StringComparison.Ordinal);
        Assert.Contains($"{n[2]} #", output, StringComparison.Ordinal);
        Assert.Contains("truncated", output, StringComparison.Ordinal);
        Assert.DoesNotContain(n[0] + " ", output, StringComparison.Ordinal);
        Assert.Contains("TAMPERED: 2 of 5 case(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_NotAStoreFile_ExitsTwo()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "not a database");
            var (exit, _, error) = await RunAsync(path);
            Assert.Equal(2, exit);
            Assert.Contains("not an SQLite database", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
