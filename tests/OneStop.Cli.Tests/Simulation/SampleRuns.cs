using OneStop.Cli.Simulation;

namespace OneStop.Cli.Tests.Simulation;

/// <summary>Case runs of a small generated catalogue (40 items, seed 5), for the round tests.</summary>
internal static class SampleRuns
{
    private static readonly IReadOnlyDictionary<OneStop.Definitions.ItemKind, GeneratedItem[]> ByKind =
        CatalogueGenerator.Generate(40, 4, 5).Items.GroupBy(i => i.Kind).ToDictionary(g => g.Key, g => g.ToArray());

    /// <summary>The run of case <paramref name="index"/> of 100, the same for the same index.</summary>
    public static CaseRun Run(int index)
    {
        var script = CaseScript.Create(5, index, 100, 4, ByKind);
        return new CaseRun(script, script.RunRandom(5));
    }
}
