using OneStop.Cli.Simulation;
using OneStop.Definitions;
using OneStop.Definitions.Flow;

namespace OneStop.Cli.Tests.Simulation;

public sealed class GeneratedCatalogueTests
{
    [Fact]
    public void Load_DefaultCatalogue_ZeroDiagnosticsAndEveryKindAndConstruct()
    {
        var generated = CatalogueGenerator.Generate(500, 30, seed: 1);
        var result = generated.Load();

        Assert.Empty(result.Diagnostics);
        var catalogue = result.GetValueOrThrow();
        Assert.Equal(500, catalogue.Items.Length);
        Assert.Equal(30, catalogue.Items.Select(i => i.Department).Distinct().Count());
        foreach (var kind in Enum.GetValues<ItemKind>()) Assert.Contains(catalogue.Items, i => i.Kind == kind);

        var nodes = catalogue.Items.SelectMany(i => i.Nodes).ToList();
        foreach (var mode in Enum.GetValues<ApproverMode>())
            Assert.Contains(nodes, n => n is StepDefinition s && s.Mode == mode && (mode == ApproverMode.Any ? s.Seats.Length > 1 : true));
        foreach (var join in Enum.GetValues<JoinMode>()) Assert.Contains(nodes, n => n is ParallelDefinition p && p.Join == join);
        Assert.Contains(nodes, n => n is ChooseDefinition);
        Assert.Contains(nodes, n => n is SubcaseDefinition);
        Assert.Contains(nodes, n => n is ServiceDefinition s && s.Handler == SimulatedServiceHandler.HandlerName);
        Assert.Contains(nodes, n => n is StepDefinition { SpecialProcedure: not null });
    }

    [Fact]
    public void Generate_SameSeed_SameTexts_OtherSeed_DifferentTexts()
    {
        var a = CatalogueGenerator.Generate(100, 10, seed: 7).Sources().ToList();
        var b = CatalogueGenerator.Generate(100, 10, seed: 7).Sources().ToList();
        var c = CatalogueGenerator.Generate(100, 10, seed: 8).Sources().ToList();

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void WriteTo_Directory_LoadsCleanFromDisk()
    {
        var dir = Path.Combine(Path.GetTempPath(), "onestop-simcat-" + Guid.NewGuid().ToString("N"));
        try
        {
            CatalogueGenerator.Generate(40, 5, seed: 3).WriteTo(dir);
            var result = CatalogueLoader.LoadDirectory(dir);
            Assert.Empty(result.Diagnostics);
            Assert.Equal(40, result.GetValueOrThrow().Items.Length);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
