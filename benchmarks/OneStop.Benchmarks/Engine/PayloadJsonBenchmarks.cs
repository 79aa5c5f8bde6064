using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Engine.Clocks;
using OneStop.Engine.Serialization;

namespace OneStop.Benchmarks.Engine;

/// <summary>The payloads every stored command or firing writes, by the generated serializer (the way the engine wrote
/// them before session 16) and by the hand-written writers and reader, with the shapes the simulator writes: a
/// decision clock started with two warnings, a deadline event with Chinese texts. Each pair is one category; the
/// generated path is its baseline.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PayloadJsonBenchmarks
{
    private static readonly DateTimeOffset At = new(2025, 9, 22, 1, 30, 15, 123, TimeSpan.Zero);
    private readonly ArrayBufferWriter<byte> _buffer = new(2048);
    private Utf8JsonWriter _relaxed = null!;
    private ClockStarted _started = null!;
    private DeadlineEvent _deadline = null!;
    private byte[] _deadlineJson = null!;

    [GlobalSetup]
    public void Setup()
    {
        _relaxed = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
        _started = new ClockStarted("decision#4", ClockKind.Decision, -1, null, TimeAmount.Workdays(20), At, At.AddDays(28), 9600, false,
            [new ThresholdPlan("w0-reminder", AlertLevel.Reminder, At.AddDays(14)), new ThresholdPlan("w1-yellow", AlertLevel.Yellow, At.AddDays(27)),
                new ThresholdPlan("due", AlertLevel.Red, At.AddDays(28))]);
        _deadline = new DeadlineEvent
        {
            EventId = "deadline:2025-000201005001-000123:step:review#7:w1-yellow", CaseNumber = "2025-000201005001-000123", ItemCode = "000201005001",
            ItemName = "建设工程规划许可", Department = "市市场监督管理局", ClockId = "step:review#7", Clock = ClockKind.Step, StepId = "review",
            ThresholdId = "w1-yellow", Level = AlertLevel.Yellow, DueAt = At.AddDays(3), ThresholdAt = At.AddDays(2), FiredAt = At.AddDays(2),
            Remaining = WorkingTime.FromMinutes(480), RemainingText = "剩余 1 个工作日", Assignees = ["staff-17"], Roles = ["review"], Outcome = DeadlineOutcome.Warned,
        };
        _deadlineJson = JsonSerializer.SerializeToUtf8Bytes(_deadline, ClockJsonContext.Default.DeadlineEvent);
    }

    private byte[] Generated<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        _buffer.ResetWrittenCount();
        _relaxed.Reset(_buffer);
        JsonSerializer.Serialize(_relaxed, value, typeInfo);
        _relaxed.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    [Benchmark(Baseline = true, Description = "ClockStarted: generated (concrete type, pooled writer)")]
    [BenchmarkCategory("ClockStarted")]
    public byte[] ClockStartedGenerated() => Generated(_started, EngineJsonContext.Default.ClockStarted);

    [Benchmark(Description = "ClockStarted: hand-written (JsonBytes.SerializeEvent)")]
    [BenchmarkCategory("ClockStarted")]
    public byte[] ClockStartedHand() => JsonBytes.SerializeEvent(_started);

    [Benchmark(Baseline = true, Description = "DeadlineEvent write: SerializeToUtf8Bytes")]
    [BenchmarkCategory("DeadlineWrite")]
    public byte[] DeadlineWriteGenerated() => JsonSerializer.SerializeToUtf8Bytes(_deadline, ClockJsonContext.Default.DeadlineEvent);

    [Benchmark(Description = "DeadlineEvent write: DeadlineEventJson")]
    [BenchmarkCategory("DeadlineWrite")]
    public byte[] DeadlineWriteHand() => DeadlineEventJson.Serialize(_deadline);

    [Benchmark(Baseline = true, Description = "DeadlineEvent read: JsonSerializer.Deserialize")]
    [BenchmarkCategory("DeadlineRead")]
    public DeadlineEvent? DeadlineReadGenerated() => JsonSerializer.Deserialize(_deadlineJson, ClockJsonContext.Default.DeadlineEvent);

    [Benchmark(Description = "DeadlineEvent read: DeadlineEventJson")]
    [BenchmarkCategory("DeadlineRead")]
    public DeadlineEvent? DeadlineReadHand() => DeadlineEventJson.Deserialize(_deadlineJson);
}
