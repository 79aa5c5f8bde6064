using Microsoft.Extensions.DependencyInjection;
using OneStop.Testing;

namespace OneStop.Engine.Tests.Pipeline;

/// <summary>The sample catalogue is what the README's main job loads: it must pass every start-up check
/// (definitions and supervision overrides) and run a case.</summary>
public class SampleCatalogueTests
{
    [Fact]
    public async Task AddOneStop_SampleCatalogue_StartsAndAcceptsACase()
    {
        var services = new ServiceCollection();
        services.AddOneStop(b => b
            .UseCatalogue(RepoPaths.Samples)
            .UseTimeProvider(new FakeTimeProvider(new DateTimeOffset(2025, 9, 26, 2, 0, 0, TimeSpan.Zero)))
            .UseOutboxWorker(false)
            .UseDeadlineWorker(false));
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<ICaseEngine>();

        var submitted = await engine.SubmitAsync(new SubmitCase("000104002000", "启明教育基金会", "启明教育基金会", "sample-1")
        {
            Form = new Dictionary<string, string> { ["stage"] = "preparation", ["school_type"] = "primary", ["registered_capital"] = "800" },
            Materials = ["application", "sponsor-id", "capital-proof"],
        });
        await engine.ExecuteAsync(new Accept(submitted.CaseNumber, "教育窗口-郑", "sample-2"));

        var view = await engine.GetCaseAsync(submitted.CaseNumber);
        Assert.NotNull(view);
        Assert.Equal(CaseState.InProgress, view.State);
        Assert.NotEmpty(view.OpenTasks);
    }
}
