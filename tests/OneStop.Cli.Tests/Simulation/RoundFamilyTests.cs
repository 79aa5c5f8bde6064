using OneStop.Engine.Scheduling;
using OneStop.Cli.Simulation;

namespace OneStop.Cli.Tests.Simulation;

public sealed class RoundFamilyTests
{
    private static CaseRun Run(int index) => SampleRuns.Run(index);

    private static DueCase Due(string number, string? applicant) => new(number, applicant, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Plan_RunAndItsSubcaseDue_OneFamilyRunFirstThenBothDeadlines()
    {
        var run = Run(42);
        var plan = RoundFamily.Plan([Run(7), run], [Due("A-1", run.Applicant), Due("A-1-child", run.Applicant), Due("B-1", Run(3).Applicant)]);

        Assert.Equal([3L, 7L, 42L], plan.Select(f => f.Key));
        var family = plan.Single(f => f.Key == 42);
        Assert.Same(run, family.Run);
        Assert.Equal(["A-1", "A-1-child"], family.DueCases);
        Assert.Null(plan.Single(f => f.Key == 3).Run);
        Assert.Empty(plan.Single(f => f.Key == 7).DueCases);
    }

    [Fact]
    public void Plan_CasesOfUnknownApplicants_EachItsOwnFamily()
    {
        var plan = RoundFamily.Plan([], [Due("X-1", null), Due("X-2", "某公司"), Due("X-3", "申请人abc")]);

        Assert.Equal(3, plan.Count);
        Assert.All(plan, f => Assert.True(f.Key < 0 && f.Run is null && f.DueCases.Count == 1));
    }

    [Fact]
    public void IndexOf_SimulatedApplicant_ParsesIndex()
    {
        Assert.Equal(42L, RoundFamily.IndexOf(Run(42).Applicant));
        Assert.Null(RoundFamily.IndexOf("申请人"));
        Assert.Null(RoundFamily.IndexOf("applicant42"));
        Assert.Null(RoundFamily.IndexOf(null));
    }
}
