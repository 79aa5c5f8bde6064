using System.Buffers;
using BenchmarkDotNet.Attributes;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Engine.Clocks;
using OneStop.Engine.Flow;
using OneStop.Engine.Serialization;

namespace OneStop.Benchmarks.Engine;

/// <summary>One snapshot serialization with the clocks a promised case carries on the SQLite path after acceptance
/// (correction stopped; decision and promised running with the default warnings; a step clock), against the same
/// snapshot without clocks: the clocks' share of the snapshot JSON every stored command writes.</summary>
[MemoryDiagnoser]
public class SnapshotClockBenchmarks
{
    private readonly ArrayBufferWriter<byte> _target = new(4096);
    private CaseSnapshot _withClocks = null!, _withoutClocks = null!;

    [GlobalSetup]
    public void Setup()
    {
        _withClocks = Snapshot(withClocks: true);
        _withoutClocks = Snapshot(withClocks: false);
        Console.WriteLine($"// with clocks {JsonBytes.SerializeSnapshot(_withClocks).Length} B, without {JsonBytes.SerializeSnapshot(_withoutClocks).Length} B");
    }

    private static CaseSnapshot Snapshot(bool withClocks)
    {
        var at = new DateTimeOffset(2025, 9, 22, 1, 30, 15, 123, TimeSpan.Zero);
        var s = new CaseSnapshot
        {
            Schema = 1, CaseNumber = "2025-000201005001-000123", ItemCode = "000201005001", ItemVersion = 1, ContentHash = "sha256:0123456789abcdef",
            Department = "市市场监督管理局", Kind = ItemKind.Promised, Applicant = "applicant-123", State = CaseState.InProgress, Version = 9,
            SubmittedAt = at, UpdatedAt = at.AddHours(3), AcceptedAt = at.AddHours(1), Status = [NodeStatus.Approved, NodeStatus.Active],
            Cursor = [0, 0], Approve = [1, 0], Deny = [0, 0], Abstain = [0, 0], Done = [3, 0], Token = [0, 0], NextTask = 2,
        };
        s.Materials.Add("form");
        s.Tasks.Add(new TaskState { Id = "2025-000201005001-000123/2", Node = 1, Role = "review", Department = "市市场监督管理局", CreatedAt = at.AddHours(2) });
        if (!withClocks) return s;
        s.Clocks =
        [
            Clock("correction#2", ClockKind.Correction, -1, null, 5, at, 2400, ClockStatus.Stopped, at.AddHours(1), "accepted", 2),
            Clock("decision#4", ClockKind.Decision, -1, null, 20, at.AddHours(1), 9600, ClockStatus.Running, null, null, 3),
            Clock("promised#4", ClockKind.Promised, -1, null, 10, at.AddHours(1), 4800, ClockStatus.Running, null, null, 3),
            Clock("step:review#7", ClockKind.Step, 1, "review", 3, at.AddHours(2), 1440, ClockStatus.Running, null, null, 3),
        ];
        return s;
    }

    private static ClockState Clock(string id, ClockKind kind, int node, string? step, int days, DateTimeOffset start, long budget, ClockStatus status,
        DateTimeOffset? stopped, string? reason, int thresholds)
    {
        var due = start.AddDays(days * 7 / 5);
        var c = new ClockState
        {
            Id = id, Kind = kind, Node = node, StepId = step, Limit = TimeAmount.Workdays(days), StartedAt = start, DueAt = due, BudgetMinutes = budget,
            Status = status, StoppedAt = stopped, StopReason = reason,
        };
        if (thresholds > 2) c.Thresholds.Add(new ThresholdState { Id = "w0-reminder", Level = AlertLevel.Reminder, At = start.AddDays(days * 7 / 10) });
        if (thresholds > 1) c.Thresholds.Add(new ThresholdState { Id = "w1-yellow", Level = AlertLevel.Yellow, At = due.AddDays(-1) });
        c.Thresholds.Add(new ThresholdState { Id = ThresholdState.DueId, Level = AlertLevel.Red, At = due });
        return c;
    }

    [Benchmark(Baseline = true, Description = "snapshot JSON, four clocks (promised case after acceptance)")]
    public int WithClocks()
    {
        _target.ResetWrittenCount();
        JsonBytes.SerializeSnapshotTo(_withClocks, _target);
        return _target.WrittenCount;
    }

    [Benchmark(Description = "snapshot JSON, the same case without clocks")]
    public int WithoutClocks()
    {
        _target.ResetWrittenCount();
        JsonBytes.SerializeSnapshotTo(_withoutClocks, _target);
        return _target.WrittenCount;
    }
}
