using Microsoft.Extensions.DependencyInjection;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Engine.Storage;
using OneStop.Testing;

namespace OneStop.Adapters.Sqlite.Tests;

public sealed class SqliteOneStopBuilderExtensionsTests : IDisposable
{
    private readonly TempFile _file = new();
    private static readonly DateTimeOffset Start = new(2025, 9, 22, 1, 0, 0, TimeSpan.Zero);

    public void Dispose() => _file.Dispose();

    private static Catalogue Immediate()
    {
        const string text = """
            item: "000100000002"
            version: 1
            name: 测试即办事项
            department: 市测试局
            kind: immediate
            roles:
              clerk: { name: 经办人, department: 市测试局 }
            flow:
              - { step: window, role: clerk }
            """;
        var result = CatalogueLoader.LoadTexts([("immediate.yaml", text)]);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Value!;
    }

    private ServiceProvider Build() =>
        new ServiceCollection()
            .AddOneStop(b => b.UseCatalogue(Immediate()).UseTimeProvider(new FakeTimeProvider(Start)).UseOutboxWorker(false).UseSqlite(_file.Path))
            .BuildServiceProvider();

    [Fact]
    public async Task UseSqlite_EngineOnFile_SecondRunContinuesTheSameCases()
    {
        string caseNumber;
        await using (var sp = Build())
        {
            Assert.IsType<SqliteCaseStore>(sp.GetRequiredService<ICaseStore>());
            var engine = sp.GetRequiredService<ICaseEngine>();
            caseNumber = (await engine.SubmitAsync(new SubmitCase("000100000002", "李四", "u", "k1"))).CaseNumber;
        }
        Assert.True(File.Exists(_file.Path));

        await using (var sp = Build())
        {
            var engine = sp.GetRequiredService<ICaseEngine>();
            var done = await engine.ExecuteAsync(new Accept(caseNumber, "w", "k2"));
            Assert.Equal(CaseState.Concluded, done.State);
            var store = sp.GetRequiredService<ICaseStore>();
            Assert.True((await store.ReadEventsAsync(caseNumber)).Count >= 2);
        }
    }

    [Fact]
    public void UseSqlite_InvalidOptions_ThrowsBeforeAnyFileIsOpened()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ServiceCollection()
            .AddOneStop(b => b.UseCatalogue(Immediate()).UseSqlite(_file.Path, o => o.MaxBatchSize = 0)));
        Assert.Contains("MaxBatchSize", ex.Message);
        Assert.False(File.Exists(_file.Path));
    }
}
