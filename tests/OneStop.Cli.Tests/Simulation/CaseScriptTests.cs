using OneStop.Cli.Simulation;
using OneStop.Definitions;

namespace OneStop.Cli.Tests.Simulation;

public sealed class CaseScriptTests
{
    private static readonly IReadOnlyDictionary<ItemKind, GeneratedItem[]> ByKind =
        CatalogueGenerator.Generate(500, 30, seed: 1).Items.GroupBy(i => i.Kind).ToDictionary(g => g.Key, g => g.ToArray());

    [Fact]
    public void Create_100kCases_MixWithinTolerance()
    {
        const int n = 100_000;
        var scripts = Enumerable.Range(0, n).Select(i => CaseScript.Create(42, i, n, 60, ByKind)).ToList();

        static void Near(double expected, double actual, double tolerance, string what) =>
            Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:P1} ± {tolerance:P1}, was {actual:P2}");
        double Share(Func<CaseScript, bool> f) => scripts.Count(f) / (double)n;

        Near(0.40, Share(s => s.Item.Kind == ItemKind.Immediate), 0.01, "immediate");
        Near(0.45, Share(s => s.Item.Kind == ItemKind.Promised), 0.01, "promised");
        Near(0.10, Share(s => s.Item.Kind == ItemKind.Joint), 0.01, "joint");
        Near(0.05, Share(s => s.Item.Kind == ItemKind.Referred), 0.005, "referred");
        Near(0.10, Share(s => s.Correction), 0.005, "corrections");
        Near(0.05, Share(s => s.Return), 0.005, "returns");
        Near(0.03, Share(s => s.Suspension), 0.005, "suspensions");
        Near(0.02, Share(s => s.Withdrawal), 0.003, "withdrawals");
        Assert.Contains(scripts, s => s.Rating is 1 or 2);
        Assert.DoesNotContain(scripts, s => s.Item.Kind == ItemKind.Immediate && (s.Return || s.Suspension));
        Assert.Equal(0, scripts[0].SubmitRound);
        Assert.True(scripts[^1].SubmitRound < 60 * CaseScript.RoundsPerDay);
    }

    [Fact]
    public void Create_SameSeedAndIndex_SameScript()
    {
        for (var i = 0; i < 200; i++)
            Assert.Equal(CaseScript.Create(5, i, 1000, 60, ByKind), CaseScript.Create(5, i, 1000, 60, ByKind));
        var differ = Enumerable.Range(0, 200).Count(i => CaseScript.Create(5, i, 1000, 60, ByKind) != CaseScript.Create(6, i, 1000, 60, ByKind));
        Assert.True(differ > 150, $"only {differ} of 200 scripts changed with the seed");
    }
}
