using OneStop.Engine.Flow;

namespace OneStop.Engine.Tests.Pipeline;

/// <summary>A case's denial, abstention and token counters start as shared all-zero arrays, and a filed case's empty form
/// and material list as shared empty ones: a case that writes one gets its own copy, and the shared ones (so every other
/// case) stay empty.</summary>
public sealed class ZeroArraysTests
{
    [Fact]
    public void Shared_PerLength_AndRecognised()
    {
        Assert.Same(ZeroArrays.Ints(12), ZeroArrays.Ints(12));
        Assert.Same(ZeroArrays.Longs(12), ZeroArrays.Longs(12));
        Assert.True(ZeroArrays.IsShared(ZeroArrays.Ints(12)));
        Assert.False(ZeroArrays.IsShared(new int[12]));
        Assert.False(ZeroArrays.IsShared(new long[12]));
        Assert.NotSame(ZeroArrays.Ints(100_000), ZeroArrays.Ints(100_000));
        Assert.False(ZeroArrays.IsShared(ZeroArrays.Ints(100_000)));
    }

    [Fact]
    public async Task Engine_DenialOnOneCase_NeverShowsOnAnother()
    {
        using var host = new TestHost();
        var quiet = await host.AcceptedAsync(SomeItems.JointCode);
        var denied = await host.AcceptedAsync(SomeItems.JointCode);
        await host.ApproveAsync(denied, "intake", "clerk");
        await host.DenyAsync(denied, "sa");

        var deniedCase = await host.Engine.ReplayAsync(denied);
        Assert.Contains(deniedCase.Deny, d => d > 0);
        var quietCase = await host.Engine.ReplayAsync(quiet);
        Assert.All(quietCase.Deny, d => Assert.Equal(0, d));
        Assert.All(ZeroArrays.Ints(deniedCase.Deny.Length), d => Assert.Equal(0, d));
        Assert.All(ZeroArrays.Longs(deniedCase.Token.Length), d => Assert.Equal(0, d));
        await host.AssertReplayEqualsSnapshotAsync(denied);
        await host.AssertReplayEqualsSnapshotAsync(quiet);

        // A copy keeps a shared array shared, and its own array is copied.
        var copy = deniedCase.Clone();
        Assert.NotSame(deniedCase.Deny, copy.Deny);
        Assert.Same(quietCase.Deny, quietCase.Clone().Deny);
    }

    [Fact]
    public async Task Engine_FormWrittenOnOneFiledCase_NeverShowsOnAnother()
    {
        using var host = new TestHost();
        var quiet = (await host.Engine.SubmitAsync(new SubmitCase(SomeItems.JointCode, "张三", "applicant", host.Key()))).CaseNumber;
        var corrected = (await host.Engine.SubmitAsync(new SubmitCase(SomeItems.JointCode, "李四", "applicant", host.Key()))).CaseNumber;
        await host.Engine.ExecuteAsync(new RequestCorrection(corrected, "window", host.Key(), [new CorrectionItem("report", "缺")]));
        await host.Engine.ExecuteAsync(new Resubmit(corrected, "applicant", host.Key(), ["report"], new Dictionary<string, string> { ["name"] = "某某" }));

        var replayed = await host.Engine.ReplayAsync(corrected);
        Assert.Equal("某某", replayed.Form["name"]);
        Assert.Equal(["report"], replayed.Materials);
        var quietCase = await host.Engine.ReplayAsync(quiet);
        Assert.Empty(quietCase.Form);
        Assert.Empty(quietCase.Materials);
        Assert.Empty(CaseSnapshot.Filing("X-1").Form);
        Assert.Empty(CaseSnapshot.Filing("X-1").Materials);
        await host.AssertReplayEqualsSnapshotAsync(corrected);
        await host.AssertReplayEqualsSnapshotAsync(quiet);
    }
}
