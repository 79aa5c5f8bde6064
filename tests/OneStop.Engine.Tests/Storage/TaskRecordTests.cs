using OneStop.Engine.Storage;

namespace OneStop.Engine.Tests.Storage;

/// <summary>A task row keeps its step, role and department in one part the engine's rows of a seat share: it must still
/// compare, hash, print, copy and deconstruct exactly as a record of plain fields, and a copy never changes the shared part.</summary>
public sealed class TaskRecordTests
{
    private static readonly DateTimeOffset At = new(2025, 9, 26, 9, 30, 0, TimeSpan.FromHours(8));

    private static TaskRecord Plain() => new("C-1/2", "C-1", "review", "edu", "市教育局", "李四", At, At.AddDays(3));

    [Fact]
    public void SharedSeat_RowEqualsThePlainOne_WithTheSameHashAndText()
    {
        var seat = new SeatColumns("review", "edu", "市教育局");
        var shared = new TaskRecord("C-1/2", "C-1", seat, "李四", At, At.AddDays(3));

        Assert.Equal(Plain(), shared);
        Assert.Equal(Plain().GetHashCode(), shared.GetHashCode());
        Assert.Equal(Plain().ToString(), shared.ToString());
        Assert.Equal("TaskRecord { TaskId = C-1/2, CaseNumber = C-1, StepId = review, Role = edu, Department = 市教育局, Assignee = 李四, CreatedAt = "
            + At + ", Due = " + At.AddDays(3) + " }", shared.ToString());
        Assert.NotEqual(Plain(), shared with { Department = null });
        var (taskId, caseNumber, stepId, role, department, assignee, createdAt, due) = shared;
        Assert.Equal(("C-1/2", "C-1", "review", "edu", "市教育局", "李四", At, (DateTimeOffset?)At.AddDays(3)),
            (taskId, caseNumber, stepId, role, department, assignee, createdAt, due));
    }

    [Fact]
    public void WithCopies_NeverChangeTheOriginalOrTheSharedSeat()
    {
        var seat = new SeatColumns("review", "edu", "市教育局");
        var first = new TaskRecord("C-1/2", "C-1", seat, null, At, null);
        var sibling = new TaskRecord("C-1/3", "C-1", seat, null, At, null);

        var copy = first with { Role = "other", StepId = "check" };
        var again = copy with { Department = null };

        Assert.Equal(("check", "other", "市教育局"), (copy.StepId, copy.Role, copy.Department));
        Assert.Equal(("check", "other", null), (again.StepId, again.Role, again.Department));
        foreach (var row in new[] { first, sibling })
            Assert.Equal(("review", "edu", "市教育局"), (row.StepId, row.Role, row.Department));
        Assert.Equal(("review", "edu", "市教育局"), (seat.StepId, seat.Role, seat.Department));

        var plain = Plain();
        var plainCopy = plain with { Role = null };
        Assert.Equal("edu", plain.Role);
        Assert.Null(plainCopy.Role);
        Assert.Equal(Plain(), plain);
    }

    [Fact]
    public async Task Engine_Rows_ShareTheirSeatsPart()
    {
        using var host = new TestHost();
        var n = await host.AcceptedAsync(SomeItems.JointCode);
        var view = await host.ViewAsync(n);
        var roles = view.OpenTasks.Select(t => t.Role).OfType<string>().ToList();
        var departments = view.OpenTasks.Select(t => t.Department).OfType<string>().ToList();
        var rows = (await host.Store.ListTasksAsync(new TaskQuery("nobody", roles, departments) { Limit = 100 })).Items.Where(t => t.CaseNumber == n).ToList();
        Assert.Equal(view.OpenTasks.Count, rows.Count);
        var seatField = typeof(TaskRecord).GetField("_seat", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        var ownerField = typeof(SeatColumns).GetField("_owner", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        foreach (var row in rows)
        {
            var task = view.OpenTasks.Single(t => t.TaskId == row.TaskId);
            Assert.Equal((task.StepId, task.Role, task.Department), (row.StepId, row.Role, row.Department));
            // The plan's part for the seat (shared, owned by no row), not one of the row's own.
            Assert.Null(ownerField.GetValue(seatField.GetValue(row)));
        }
    }

    [Fact]
    public void Times_KeepTheirOffset_AndCompareByInstant()
    {
        var row = Plain() with { CreatedAt = At.AddTicks(1), Due = At.ToOffset(TimeSpan.FromMinutes(-330)).AddDays(2) };
        Assert.Equal(At.AddTicks(1).ToString("O"), row.CreatedAt.ToString("O"));
        Assert.Equal(At.ToOffset(TimeSpan.FromMinutes(-330)).AddDays(2).ToString("O"), row.Due!.Value.ToString("O"));

        // As with DateTimeOffset fields: the same instants at other offsets are equal, with the same hash.
        var utc = row with { CreatedAt = row.CreatedAt.ToUniversalTime(), Due = row.Due.Value.ToUniversalTime() };
        Assert.Equal(row, utc);
        Assert.Equal(row.GetHashCode(), utc.GetHashCode());
        Assert.NotEqual(row, row with { Due = null });
        Assert.NotEqual(row, row with { CreatedAt = row.CreatedAt.AddTicks(1) });
        Assert.Null((row with { Due = null }).Due);
    }
}
