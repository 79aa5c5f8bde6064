using System.Text.Json;
using OneStop.Engine.Flow;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Tests.Pipeline;

/// <summary>A task keeps its columns in its store row (or a draft until its first commit): it must read, write, copy and
/// serialize as a task of plain fields, and a row once given to the store never changes.</summary>
public sealed class TaskStateTests
{
    private static readonly DateTimeOffset At = new(2025, 9, 26, 9, 30, 0, TimeSpan.FromHours(8));

    private static TaskState FromRow() =>
        new(new TaskRecord("C-1/2", "C-1", new SeatColumns("review", "edu", "市教育局"), null, At, null), 4, 1, ["李四"]);

    private static TaskState Drafted() => new()
    {
        Id = "C-1/2", Node = 4, Seat = 1, Role = "edu", Department = "市教育局", CreatedAt = At, Then = ["李四"],
    };

    [Fact]
    public void RowAndDraft_ReadAndSerializeTheSame_AndRoundTrip()
    {
        var fromRow = JsonSerializer.Serialize(FromRow(), EngineJsonContext.Default.TaskState);
        Assert.Equal(JsonSerializer.Serialize(Drafted(), EngineJsonContext.Default.TaskState), fromRow);
        var back = JsonSerializer.Deserialize(fromRow, EngineJsonContext.Default.TaskState)!;
        Assert.Null(back.Row);
        Assert.Equal(("C-1/2", 4, 1, "edu", "市教育局", null, At), (back.Id, back.Node, back.Seat, back.Role, back.Department, back.Assignee, back.CreatedAt));
        Assert.Equal(fromRow, JsonSerializer.Serialize(back, EngineJsonContext.Default.TaskState));
    }

    [Fact]
    public void Set_OnARowBackedTask_MakesTheNextRow_AndNeverChangesTheGivenOne()
    {
        var task = FromRow();
        var given = task.Row!;

        task.Assignee = "王五";
        task.Role = "other";

        Assert.Equal(("王五", "other", "市教育局"), (task.Assignee, task.Role, task.Department));
        Assert.NotSame(given, task.Row);
        Assert.Equal(("王五", "other", "review"), (task.Row!.Assignee, task.Row.Role, task.Row.StepId));
        Assert.Equal((null, "edu", "C-1/2"), (given.Assignee, given.Role, given.TaskId));
    }

    [Fact]
    public void Clone_IsIndependent_ForRowsAndDrafts()
    {
        foreach (var original in new[] { FromRow(), Drafted() })
        {
            var copy = original.Clone();
            copy.Assignee = "王五";
            copy.Then!.Add("赵六");
            copy.Id = "C-1/9";

            Assert.Null(original.Assignee);
            Assert.Equal("C-1/2", original.Id);
            Assert.Equal(["李四"], original.Then!);
            Assert.Equal(("王五", "C-1/9"), (copy.Assignee, copy.Id));
        }
    }

    [Fact]
    public async Task Engine_TransferredTask_StoreKeepsEachCommitsRowUnchanged()
    {
        using var host = new TestHost();
        var n = await host.AcceptedAsync(SomeItems.JointCode);
        var task = (await host.ViewAsync(n)).OpenTasks[0];
        var query = new TaskQuery("window", [], []);
        await host.Engine.ExecuteAsync(new ClaimTask(n, "window", host.Key(), task.TaskId));
        var claimed = (await host.Store.ListTasksAsync(query)).Items.Single(t => t.TaskId == task.TaskId);

        await host.Engine.ExecuteAsync(new TransferTask(n, "window", host.Key(), task.TaskId, "deputy"));

        Assert.Equal("window", claimed.Assignee);
        var transferred = (await host.Store.ListTasksAsync(new TaskQuery("deputy", [], []))).Items.Single(t => t.TaskId == task.TaskId);
        Assert.Equal("deputy", transferred.Assignee);
        Assert.Equal(claimed with { Assignee = "deputy" }, transferred);
        Assert.DoesNotContain((await host.Store.ListTasksAsync(query)).Items, t => t.TaskId == task.TaskId);
        await host.AssertReplayEqualsSnapshotAsync(n);
    }
}
