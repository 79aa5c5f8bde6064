using BenchmarkDotNet.Attributes;
using OneStop.Definitions;
using OneStop.Engine;

namespace OneStop.Benchmarks.Time;

/// <summary>Working-day arithmetic on the hot path of every clock. Budget: under 100 ns and 0 bytes per call.</summary>
[MemoryDiagnoser]
public class CalendarBenchmarks
{
    private readonly WorkingCalendar _calendar = WorkingCalendar.CreateDefault();
    private readonly DateTimeOffset _start = new(2025, 9, 26, 10, 30, 0, TimeSpan.FromHours(8));
    private readonly DateTimeOffset _end = new(2026, 3, 19, 15, 45, 0, TimeSpan.FromHours(8));
    private readonly TimeAmount _twentyWorkdays = TimeAmount.Workdays(20);
    private readonly TimeAmount _tenDays = new(10, TimeUnit.Days);

    /// <summary>Baseline: plain elapsed-time addition, for scale.</summary>
    [Benchmark(Baseline = true)]
    public DateTimeOffset AddElapsedTimeSpan() => _start + TimeSpan.FromDays(20);

    /// <summary>Add 20 workdays (crossing the National Day holiday and two make-up days).</summary>
    [Benchmark]
    public DueInstant AddWorkdays() => _calendar.Add(_start, _twentyWorkdays);

    /// <summary>Add 10 natural days (last-day-off rule).</summary>
    [Benchmark]
    public DueInstant AddDays() => _calendar.Add(_start, _tenDays);

    /// <summary>Add 9,600 working minutes (20 office days).</summary>
    [Benchmark]
    public DueInstant AddWorkingMinutes() => _calendar.AddWorkingMinutes(_start, 9_600);

    /// <summary>Working minutes between two instants six months apart.</summary>
    [Benchmark]
    public long WorkingMinutesBetween() => _calendar.WorkingMinutesBetween(_start, _end);
}
