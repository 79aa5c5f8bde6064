namespace OneStop.Cli.Tests;

public class StatsCommandTests
{
    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApp.RunAsync(["stats", .. args], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Stats_StoreFile_PrintsRatesOverdueAndSatisfaction()
    {
        using var file = new StoreFileFixture();
        await file.WriteAsync(3);

        var (exit, output, error) = await RunAsync(file.Path);

        Assert.Equal((0, ""), (exit, error));
        Assert.Contains("decided 作出决定 4", output, StringComparison.Ordinal);
        Assert.Contains("on time 按时办结 3 (75.0%)", output, StringComparison.Ordinal);
        Assert.Contains("overdue now 当前超期: 1", output, StringComparison.Ordinal);
        Assert.Contains("satisfaction 好差评: 1 evaluation(s)", output, StringComparison.Ordinal);
        Assert.Contains("rectifications open 待整改 1", output, StringComparison.Ordinal);
        Assert.Matches(@"open alerts 未办结预警: (none|(Red|Yellow|Reminder) \d+)", output);
    }

    [Fact]
    public async Task Stats_ByMonthWithPeriod_PrintsOneRowPerMonth()
    {
        using var file = new StoreFileFixture();
        await file.WriteAsync(2);

        var (exit, output, _) = await RunAsync(file.Path, "--by", "month", "--from", "2025-09-01", "--to", "2025-10-31");

        Assert.Equal(0, exit);
        Assert.Contains("by month:", output, StringComparison.Ordinal);
        Assert.Matches(@"\n  2025-09 +2 +2 +2 +100\.0%", output);
        Assert.Matches(@"\n  2025-10 +1 +1 +0 +0\.0%", output);
    }

    [Fact]
    public async Task Stats_PeriodBeforeEverything_CountsNothing()
    {
        using var file = new StoreFileFixture();
        await file.WriteAsync(1);
        var (exit, output, _) = await RunAsync(file.Path, "--to", "2025-01-01");
        Assert.Equal(0, exit);
        Assert.Contains("finished 办结 0", output, StringComparison.Ordinal);
        Assert.Contains("no decided cases", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--by", "colour")]
    [InlineData("--from", "2025/09/01")]
    [InlineData("--from", "2025-10-01", "--to", "2025-09-01")]
    public async Task Stats_BadOption_ExitsWithUsage(params string[] options)
    {
        using var file = new StoreFileFixture();
        await file.WriteAsync(1);
        var (exit, _, error) = await RunAsync([file.Path, .. options]);
        Assert.Equal(2, exit);
        Assert.StartsWith("onestop stats: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_MissingFile_ExitsWithMessageAndCreatesNothing()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".db");
        var (exit, _, error) = await RunAsync(path);
        Assert.Equal(2, exit);
        Assert.Contains("no such file", error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Stats_DamagedFile_ExitsWithMessageAndLeavesTheFileAsItWas()
    {
        using var file = new StoreFileFixture();
        await file.WriteAsync(40);
        file.Sql("PRAGMA wal_checkpoint(TRUNCATE)");
        // Scribble over the root page of the index the statistics read: opening the file does not read it (the
        // whole-file check is skipped for stats), the report does.
        long root;
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file.Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT rootpage FROM sqlite_master WHERE name = 'ix_cases_finished'";
            root = (long)command.ExecuteScalar()!;
        }
        var bytes = File.ReadAllBytes(file.Path);
        var pageSize = bytes[16] << 8 | bytes[17];
        Array.Fill(bytes, (byte)0xA5, (int)(root - 1) * pageSize, pageSize);
        File.WriteAllBytes(file.Path, bytes);

        var (exit, output, error) = await RunAsync(file.Path);

        Assert.Equal((1, ""), (exit, output));
        Assert.Contains(file.Path, error, StringComparison.Ordinal);
        Assert.Contains("malformed", error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(bytes, File.ReadAllBytes(file.Path));
    }
}
