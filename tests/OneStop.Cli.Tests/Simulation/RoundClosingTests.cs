using System.Text.Json;
using OneStop.Cli.Simulation;
using OneStop.Engine;
using OneStop.Engine.Scheduling;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;

namespace OneStop.Cli.Tests.Simulation;

public sealed class RoundClosingTests
{
    private static readonly DateTimeOffset Now = new(2025, 9, 15, 1, 30, 0, TimeSpan.Zero);
    private static readonly GeneratedCatalogue Catalogue = CatalogueGenerator.Generate(40, 4, 5);

    private static CaseRun Run(int index, string number)
    {
        var byKind = Catalogue.Items.GroupBy(i => i.Kind).ToDictionary(g => g.Key, g => g.ToArray());
        var script = CaseScript.Create(5, index, 100, 4, byKind);
        return new CaseRun(script, script.RunRandom(5)) { Number = number };
    }

    // Round: family 1 acts on case A, family 2 has case B due, family 3 acts on case C.
    private static (RoundWork Work, CaseRun One, CaseRun Three) Round()
    {
        var work = new RoundWork(0, Now);
        var one = Run(1, "A");
        var three = Run(3, "C");
        work.Add(new RoundFamily(1) { Run = one });
        var two = new RoundFamily(2);
        two.DueCases.Add("B");
        work.Add(two);
        work.Add(new RoundFamily(3) { Run = three });
        return (work, one, three);
    }

    private static PendingMessage Message(string caseNumber, string channel, string type, byte[]? payload = null) =>
        new(new OutboxMessage(caseNumber + ":" + channel, caseNumber, channel, type, payload ?? [1], Now), 0, null);

    [Fact]
    public void Changed_NoticesAndDeadlineEvents_ChangeNothingAndAServiceCallItsFamily()
    {
        var (work, _, _) = Round();
        var pass = new RoundClosing(work);

        var changed = pass.Changed([Message("A", "notification", "acceptance"), Message("B", "deadline", "Yellow"), Message("C", "service", "call"),
            Message("A-1", "notification", "acceptance")], full: false);

        Assert.Equal([3L], changed);
        Assert.Equal([1L, 2L], pass.Unchanged(changed).Order());
    }

    [Fact]
    public void Changed_ChildsOutcome_ChangesTheParentsFamily()
    {
        var (work, _, _) = Round();
        var pass = new RoundClosing(work);
        var done = JsonSerializer.SerializeToUtf8Bytes(new SubcaseDoneMessage("A", 2, 1, "A-child", CaseOutcome.Approved), EngineJsonContext.Default.SubcaseDoneMessage);

        var changed = pass.Changed([Message("A-child", "subcase", "done", done), Message("C", "subcase", "start")], full: false);

        Assert.Equal([1L, 3L], changed.Order());
        Assert.Equal([2L], pass.Unchanged(changed));
    }

    [Fact]
    public void Changed_DueCaseAtTheStart_ChangesItsFamilyAndOtherRoundsDueCasesDoNot()
    {
        var (work, one, _) = Round();
        var pass = new RoundClosing(work);
        pass.DueAtStart([new DueCase("B", Run(2, "B").Applicant, Now), new DueCase("Z", Run(9, "Z").Applicant, Now), new DueCase("X", "某公司", Now)]);

        var changed = pass.Changed([], full: false);

        Assert.Equal([2L], changed);
        Assert.Equal([1L, 3L], pass.Unchanged(changed).Order());
        Assert.Equal("A", one.Number);
    }

    [Fact]
    public void Changed_UnknownCaseOrFullRead_EveryFamilyWaits()
    {
        var (work, _, _) = Round();
        var pass = new RoundClosing(work);

        Assert.Empty(pass.Unchanged(pass.Changed([Message("Q", "service", "call")], full: false)));
        Assert.Empty(pass.Unchanged(pass.Changed([Message("A", "notification", "acceptance")], full: true)));
        Assert.Empty(pass.Unchanged(pass.Changed([Message("A", "custom", "x")], full: false)));
    }
}
