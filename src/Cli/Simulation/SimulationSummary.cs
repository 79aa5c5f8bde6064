using System.Globalization;
using OneStop.Definitions;
using OneStop.Engine;

namespace OneStop.Cli.Simulation;

/// <summary>What a simulator run measured and counted. <see cref="Fingerprint"/> holds the counts that a seed fixes:
/// two runs with the same options print the same fingerprint.</summary>
internal sealed partial class SimulationSummary
{
    public required SimulationOptions Options { get; init; }
    public required string DatabasePath { get; init; }
    public int CatalogueItems { get; init; }
    public int Diagnostics { get; init; }
    public TimeSpan CatalogueLoadTime { get; init; }
    public long Filed { get; set; }
    public long Finished { get; set; }
    public long DeadlinesFired { get; set; }
    public DateOnly FirstDay { get; set; }
    public DateOnly LastDay { get; set; }
    public int HolidaysCrossed { get; set; }
    public TimeSpan DriveTime { get; set; }

    /// <summary>Of the driving, the time spent reading each round's due cases.</summary>
    public TimeSpan DueReadTime { get; set; }

    /// <summary>Of the driving, the time spent in the rounds' parallel part (case actions and their families' deadlines).</summary>
    public TimeSpan FamiliesTime { get; set; }

    /// <summary>Of the driving, the time spent closing the rounds (outbox, deadlines fallen due, outbox), while no case acts.</summary>
    public TimeSpan ClosingTime { get; set; }
    public TimeSpan TotalTime { get; set; }
    public TimeSpan VerifyTime { get; set; }
    public long ServiceCalls { get; set; }
    public long PeakWorkingSet { get; set; }

    /// <summary>Peak working set when the driving ended (before the statistics query and the audit verification).</summary>
    public long DrivePeakWorkingSet { get; set; }
    public long PeakManagedHeap { get; set; }

    /// <summary>Most cases open at once (sampled at the end of each simulated day): the simulator's own state is one
    /// small object per open case, so this, not the cases filed, is what its memory follows.</summary>
    public long PeakOpenRuns { get; set; }
    public SimulationCounters Counters { get; set; } = new();
    public LatencyHistogram Latency { get; set; } = new();
    public StatisticsReport? Statistics { get; set; }
    public VerificationReport? Verification { get; set; }

    /// <summary>Cases per second of driving (filing to the last round).</summary>
    public double CasesPerSecond => Filed / Math.Max(DriveTime.TotalSeconds, 1e-9);

    /// <summary>Commands per second of driving.</summary>
    public double ActionsPerSecond => Counters.Commands / Math.Max(DriveTime.TotalSeconds, 1e-9);

    /// <summary>Alerts raised in all.</summary>
    public long Alerts => Counters.AlertsByRule.Values.Sum();

    /// <summary>按时办结率 over decided cases, or null.</summary>
    public double? OnTimeRate => Statistics?.Total.OnTimeRate;

    /// <summary>Share of filed cases for a count.</summary>
    public double Share(long count) => Filed == 0 ? 0 : (double)count / Filed;

    /// <summary>The counts a seed fixes, in one line.</summary>
    public string Fingerprint => string.Join(' ', new[]
    {
        $"filed={Filed}",
        $"immediate={Counters.Filed(ItemKind.Immediate)}", $"promised={Counters.Filed(ItemKind.Promised)}",
        $"joint={Counters.Filed(ItemKind.Joint)}", $"referred={Counters.Filed(ItemKind.Referred)}",
        $"corrections={Counters.Corrections}", $"returns={Counters.Returns}", $"suspensions={Counters.Suspensions}",
        $"withdrawals={Counters.Withdrawals}", $"denials={Counters.Denials}", $"delivered={Counters.Delivered}",
        $"evaluations={Counters.Evaluations}", $"bad={Counters.BadEvaluations}", $"commands={Counters.Commands}",
        $"deadlines={DeadlinesFired}", $"alerts={Alerts}", $"ontime={Statistics?.Total.OnTime}/{Statistics?.Total.Decided}",
    });

    private static string Pct(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString(t.TotalMilliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    private static string N(double n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    private static string S(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
