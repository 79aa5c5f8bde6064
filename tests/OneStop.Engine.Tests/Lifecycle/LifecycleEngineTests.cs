using OneStop.Definitions.Flow;

namespace OneStop.Engine.Tests.Lifecycle;

public class LifecycleEngineTests
{
    /// <summary>Drives a fresh case of the simple item into <paramref name="state"/>.</summary>
    internal static async Task<string> IntoStateAsync(TestHost host, CaseState state)
    {
        var n = await host.SubmitAsync(SomeItems.SimpleCode, null, "report");
        var e = host.Engine;
        switch (state)
        {
            case CaseState.Submitted: break;
            case CaseState.Correcting:
                await e.ExecuteAsync(new RequestCorrection(n, "window", host.Key(), [new CorrectionItem("plan")]));
                break;
            case CaseState.Rejected:
                await e.ExecuteAsync(new Reject(n, "window", host.Key(), "不属于本机关职权范围"));
                break;
            case CaseState.Withdrawn:
                await e.ExecuteAsync(new Withdraw(n, "applicant", host.Key()));
                break;
            case CaseState.Terminated:
                await e.ExecuteAsync(new Terminate(n, "authority", host.Key(), "申请人死亡"));
                break;
            default:
                await e.ExecuteAsync(new Accept(n, "window", host.Key()));
                if (state == CaseState.Suspended)
                    await e.ExecuteAsync(new Suspend(n, "staff", host.Key(), SpecialProcedureKind.ExpertReview, "专家评审"));
                if (state is CaseState.Decided or CaseState.Concluded)
                {
                    await host.ApproveAsync(n, "review");
                    await host.ApproveAsync(n, "decide");
                }
                if (state == CaseState.Concluded) await e.ExecuteAsync(new Deliver(n, "window", host.Key()));
                break;
        }
        Assert.Equal(state, (await host.ViewAsync(n)).State);
        return n;
    }

    internal static CaseCommand CommandFor(CaseAction action, string n, string key, string? taskId) => action switch
    {
        CaseAction.Accept => new Accept(n, "u", key),
        CaseAction.AcceptWithPendingMaterials => new AcceptWithPendingMaterials(n, "u", key, ["plan"], new DateOnly(2025, 10, 30)),
        CaseAction.RequestCorrection => new RequestCorrection(n, "u", key, [new CorrectionItem("plan")], "补充"),
        CaseAction.Resubmit => new Resubmit(n, "u", key, ["plan"]),
        CaseAction.Reject => new Reject(n, "u", key, "理由"),
        CaseAction.SupplyMaterials => new SupplyMaterials(n, "u", key, ["plan"]),
        CaseAction.Suspend => new Suspend(n, "u", key, SpecialProcedureKind.Hearing, "听证"),
        CaseAction.Resume => new Resume(n, "u", key),
        CaseAction.Extend => new Extend(n, "u", key, "情况复杂", "局长"),
        CaseAction.Decide => new Decide(n, "u", key, CaseOutcome.Approved),
        CaseAction.Deliver => new Deliver(n, "u", key),
        CaseAction.Withdraw => new Withdraw(n, "u", key),
        CaseAction.Terminate => new Terminate(n, "u", key, "理由"),
        CaseAction.ClaimTask => new ClaimTask(n, "u", key, taskId ?? "none"),
        CaseAction.ApproveTask => new ApproveTask(n, "u", key, taskId ?? "none"),
        CaseAction.DenyTask => new DenyTask(n, "u", key, taskId ?? "none", "理由"),
        CaseAction.AbstainTask => new AbstainTask(n, "u", key, taskId ?? "none"),
        CaseAction.ReturnTask => new ReturnTask(n, "u", key, taskId ?? "none", "review", "理由"),
        CaseAction.TransferTask => new TransferTask(n, "u", key, taskId ?? "none", "v"),
        CaseAction.AddSigner => new AddSigner(n, "u", key, taskId ?? "none", "v", SignerPosition.After),
        CaseAction.CommentTask => new CommentTask(n, "u", key, taskId ?? "none", "意见"),
        CaseAction.CompleteService => new CompleteService(n, "system", key, 0, 99, true, null),
        CaseAction.CompleteSubcase => new CompleteSubcase(n, "system", key, 0, 99, "child", CaseOutcome.Approved),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public static TheoryData<CaseState> States() => [.. Enum.GetValues<CaseState>()];

    [Theory]
    [MemberData(nameof(States))]
    public async Task Execute_EveryIllegalActionInState_ThrowsAndChangesNothing(CaseState state)
    {
        using var host = new TestHost();
        var n = await IntoStateAsync(host, state);
        var before = await host.Engine.StoredSnapshotAsync(n);
        var expected = LifecycleTableTests.Expected();
        var taskId = before.Tasks.FirstOrDefault()?.Id;
        foreach (var action in Enum.GetValues<CaseAction>())
        {
            if (action == CaseAction.Submit || expected.Contains((state, action))) continue;
            var ex = await Assert.ThrowsAsync<IllegalActionException>(() => host.Engine.ExecuteAsync(CommandFor(action, n, host.Key(), taskId)).AsTask());
            Assert.Equal(state, ex.State);
            Assert.Equal(action, ex.Action);
            Assert.Equal(expected.Where(p => p.Item1 == state).Select(p => p.Item2).Order(), ex.AllowedActions.Order());
        }
        Assert.Equal(TestHost.Json(before), TestHost.Json(await host.Engine.StoredSnapshotAsync(n)));
    }

    [Theory]
    [MemberData(nameof(States))]
    public async Task Execute_EveryLegalCaseActionInState_Succeeds(CaseState state)
    {
        var expected = LifecycleTableTests.Expected();
        foreach (var action in Enum.GetValues<CaseAction>())
        {
            // Abstain needs a vote step and Return a declared target: both are covered by the flow tests.
            if (!expected.Contains((state, action)) || action is CaseAction.Submit or CaseAction.AbstainTask or CaseAction.ReturnTask) continue;
            using var host = new TestHost();
            var n = await IntoStateAsync(host, state);
            var taskId = (await host.ViewAsync(n)).OpenTasks.FirstOrDefault()?.TaskId;
            var result = await host.Engine.ExecuteAsync(CommandFor(action, n, host.Key(), taskId));
            Assert.Equal(n, result.CaseNumber);
            await host.AssertReplayEqualsSnapshotAsync(n);
        }
    }
}
