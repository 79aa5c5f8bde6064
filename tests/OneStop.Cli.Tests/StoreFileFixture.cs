using Microsoft.Extensions.DependencyInjection;
using OneStop.Adapters.Sqlite;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Testing;

namespace OneStop.Cli.Tests;

/// <summary>A temporary store file with a few cases written through the engine, for the stats and verify commands.</summary>
internal sealed class StoreFileFixture : IDisposable
{
    private static readonly string ItemText = TestItems.PromisedReview("000100000031");

    public StoreFileFixture()
    {
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "onestop-cli-tests");
        Directory.CreateDirectory(dir);
        Path = System.IO.Path.Combine(dir, Guid.NewGuid().ToString("N") + ".db");
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="concluded"/> concluded cases (one rated 1 on the web), one late and one open overdue case.</summary>
    public async Task<string[]> WriteAsync(int concluded)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 9, 22, 1, 0, 0, TimeSpan.Zero));
        var catalogue = CatalogueLoader.LoadTexts([("item.yaml", ItemText)]).GetValueOrThrow();
        await using var store = SqliteCaseStore.Open(Path);
        await using var services = new ServiceCollection()
            .AddOneStop(b => b.UseCatalogue(catalogue).UseStore(store).UseTimeProvider(clock).UseOutboxWorker(false))
            .BuildServiceProvider();
        var engine = services.GetRequiredService<ICaseEngine>();
        var key = 0;
        string K() => "k" + ++key;
        async Task<string> Accepted()
        {
            var r = await engine.SubmitAsync(new SubmitCase("000100000031", "张三", "applicant", K()) { Materials = ["report"] });
            await engine.ExecuteAsync(new Accept(r.CaseNumber, "window", K()));
            return r.CaseNumber;
        }
        async Task Conclude(string n)
        {
            var task = (await engine.GetCaseAsync(n))!.OpenTasks.Single();
            await engine.ExecuteAsync(new ApproveTask(n, "staff", K(), task.TaskId));
            await engine.ExecuteAsync(new Deliver(n, "window", K()));
        }
        var numbers = new List<string>();
        for (var k = 0; k < concluded; k++)
        {
            var n = await Accepted();
            await Conclude(n);
            numbers.Add(n);
        }
        if (numbers.Count > 0)
            await services.GetRequiredService<ICaseEvaluations>().EvaluateAsync(new Evaluate(numbers[0], "applicant", K(), 1, EvaluationChannel.Web, "慢"));
        var late = await Accepted();
        await Accepted();
        clock.Advance(TimeSpan.FromDays(20));
        await Conclude(late);
        numbers.Add(late);
        return [.. numbers];
    }

    public void Sql(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try
            {
                File.Delete(Path + suffix);
            }
            catch (IOException)
            {
                // Best effort: a leftover temp file must not fail a test.
            }
        }
    }
}
