using OneStop.Definitions.Expressions;
using OneStop.Definitions.Flow;

namespace OneStop.Definitions.Tests.Loading;

public class FlowConstructTests
{
    [Fact]
    public void LoadItem_Step_ReadsEveryKey()
    {
        var item = SomeItem.Load("""
            flow:
              - { step: first, role: clerk }
              - step: review
                name: 审查
                role: clerk
                department: 市教育局
                limit: 3 workdays
                when: stage == 'formal'
                special-procedure: { kind: site-inspection, budget: 10 workdays }
                return-to: [previous, start]
                advisory: true
                on-timeout: { action: escalate, to: boss }
            """);

        var step = item.Steps["review"];
        Assert.Equal("审查", step.Name);
        Assert.Equal("clerk", step.Role);
        Assert.Equal("市教育局", step.Department);
        Assert.Equal(TimeAmount.Workdays(3), step.Limit);
        Assert.Equal("stage == 'formal'", step.When!.Text);
        Assert.Equal(new SpecialProcedureDefinition(SpecialProcedureKind.SiteInspection, TimeAmount.Workdays(10)), step.SpecialProcedure);
        Assert.Equal([new ReturnTarget(ReturnTargetKind.Previous, "first"), new ReturnTarget(ReturnTargetKind.Start, "first")], step.ReturnTargets.ToArray());
        Assert.True(step.AdvisoryDenial);
        Assert.Equal(new TimeoutPolicy(TimeoutAction.Escalate, "boss"), step.OnTimeout);
        Assert.Equal(ApproverMode.Any, step.Mode);
        Assert.Equal([new ApproverSeat(null, null)], step.Seats.ToArray());
    }

    [Theory]
    [InlineData("mode: all, count: 3", ApproverMode.All, 3)]
    [InlineData("mode: any, approvers: [clerk, boss]", ApproverMode.Any, 2)]
    [InlineData("mode: sequential, approvers: [clerk, boss]", ApproverMode.Sequential, 2)]
    [InlineData("approvers: [clerk, boss]", ApproverMode.All, 2)]
    public void LoadItem_ApproverModes_BuildSeats(string keys, ApproverMode mode, int seats)
    {
        var item = SomeItem.Load($"flow:\n  - {{ step: s, role: clerk, {keys} }}\n");

        Assert.Equal(mode, item.Steps["s"].Mode);
        Assert.Equal(seats, item.Steps["s"].Seats.Length);
    }

    [Fact]
    public void LoadItem_VoteWithWeights_ReadsRuleAndWeights()
    {
        var item = SomeItem.Load("""
            flow:
              - step: s
                mode: vote
                approvers: [{ role: boss, weight: 2 }, clerk, clerk]
                vote: { ratio: 2/3, abstain-counts: false }
              - { step: t, role: clerk, mode: vote, count: 3, weights: [3, 1, 1], vote: { count: 4 } }
            """);

        var s = item.Steps["s"];
        Assert.Equal([2, 1, 1], s.Seats.Select(x => x.Weight));
        Assert.Equal("boss", s.Seats[0].Role);
        Assert.Equal(2m / 3m, s.Vote!.Ratio);
        Assert.False(s.Vote.AbstainCountsInTotal);
        Assert.Equal([3, 1, 1], item.Steps["t"].Seats.Select(x => x.Weight));
        Assert.Equal(4, item.Steps["t"].Vote!.Count);
    }

    [Fact]
    public void LoadItem_Parallel_BuildsBranchesWithPreOrderIndexesAndParents()
    {
        var item = SomeItem.Load("""
            flow:
              - { step: intake, role: clerk }
              - parallel:
                  id: joint
                  join: quorum
                  quorum: 2
                  veto: false
                  lead: 市市场监管局
                  branches:
                    a: [{ step: a1, role: clerk }, { step: a2, role: clerk, return-to: [a1, intake] }]
                    b: [{ step: b1, role: clerk }]
                    c: [{ step: c1, role: clerk }]
            """);

        var p = Assert.IsType<ParallelDefinition>(item.Flow.Children[1]);
        Assert.Equal("joint", p.Id);
        Assert.Equal(JoinMode.Quorum, p.Join);
        Assert.Equal(2, p.Quorum);
        Assert.False(p.Veto);
        Assert.Equal("市市场监管局", p.Lead);
        Assert.Equal(["a", "b", "c"], p.Branches.Select(b => b.Id));
        for (var i = 0; i < item.Nodes.Length; i++) Assert.Equal(i, item.Nodes[i].Index);
        Assert.Equal(["flow", "intake", "joint", "a", "a1", "a2", "b", "b1", "c", "c1"], item.Nodes.Select(n => n.Id));
        Assert.Same(p.Branches[0], item.Steps["a2"].Parent);
        Assert.Same(p, p.Branches[0].Parent);
        Assert.Null(item.Flow.Parent);
        Assert.Equal([new ReturnTarget(ReturnTargetKind.Step, "a1"), new ReturnTarget(ReturnTargetKind.Step, "intake")], item.Steps["a2"].ReturnTargets.ToArray());
    }

    [Theory]
    [InlineData("all", JoinMode.All, 2)]
    [InlineData("any", JoinMode.Any, 1)]
    public void LoadItem_ParallelJoin_DefaultsQuorum(string join, JoinMode mode, int quorum)
    {
        var item = SomeItem.Load($"flow:\n  - parallel: {{ join: {join}, branches: {{ a: [{{ step: a, role: clerk }}], b: [{{ step: b, role: clerk }}] }} }}\n");

        var p = Assert.IsType<ParallelDefinition>(item.Flow.Children[0]);
        Assert.Equal(mode, p.Join);
        Assert.Equal(quorum, p.Quorum);
        Assert.True(p.Veto);
        Assert.Equal("parallel@1", p.Id);
    }

    [Fact]
    public void LoadItem_Choose_CompilesConditionsAndOtherwise()
    {
        var item = SomeItem.Load("""
            flow:
              - choose:
                  - when: stage == 'formal'
                    flow: [{ step: formal, role: clerk }]
                  - when: area > 100
                    flow: [{ step: big, role: clerk }]
                  - otherwise: [{ step: other, role: clerk }]
            """);

        var c = Assert.IsType<ChooseDefinition>(item.Flow.Children[0]);
        Assert.Equal(2, c.Branches.Length);
        Assert.Equal(ValueKind.Bool, c.Branches[1].Condition.ResultKind);
        Assert.Equal("other", Assert.IsType<StepDefinition>(c.Otherwise!.Children[0]).Id);
        Assert.Same(c, item.Steps["big"].Parent!.Parent);
    }

    [Fact]
    public void LoadItem_SubcaseAndService_ReadEveryKey()
    {
        var item = SomeItem.Load("""
            flow:
              - subcase: { id: child, item: "000200000001", version: 2, map: { child_area: area }, required: false, when: "area > 1" }
              - service: { id: push, handler: vertical.push, attempts: 3, limit: 2 hours }
            """);

        var sub = Assert.IsType<SubcaseDefinition>(item.Flow.Children[0]);
        Assert.Equal(("child", "000200000001", 2, false), (sub.Id, sub.ItemCode, sub.Version, sub.Required));
        Assert.Equal("area", sub.FormMapping["child_area"]);
        Assert.NotNull(sub.When);
        var svc = Assert.IsType<ServiceDefinition>(item.Flow.Children[1]);
        Assert.Equal(("push", "vertical.push", 3), (svc.Id, svc.Handler, svc.MaxAttempts));
        Assert.Equal(new TimeAmount(2, TimeUnit.Hours), svc.Limit);
    }

    [Fact]
    public void LoadItem_ReturnIntoSiblingBranch_IsAnError()
    {
        var errors = SomeItem.Errors("""
            flow:
              - parallel:
                  branches:
                    a: [{ step: a1, role: clerk }]
                    b: [{ step: b1, role: clerk, return-to: a1 }]
            """);

        var e = Assert.Single(errors);
        Assert.Equal("OS2006", e.Code);
        Assert.Equal((19, 49), (e.Span!.Line, e.Span.Column));
    }
}
