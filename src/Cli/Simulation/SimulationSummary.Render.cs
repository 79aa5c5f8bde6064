using System.Globalization;
using OneStop.Definitions;

namespace OneStop.Cli.Simulation;

internal sealed partial class SimulationSummary
{
    /// <summary>Every field the simulator reports, one labelled line each (labels are stable; tests read them).</summary>
    public void WriteTo(TextWriter w)
    {
        var o = Options;
        var c = Counters;
        w.WriteLine($"OneStop simulator — seed {o.Seed}, {N(o.Cases)} cases, concurrency {o.Concurrency}, groups of at most {o.MaxBatch}, synchronous={o.Synchronous.ToString().ToUpperInvariant()}");
        w.WriteLine($"catalogue:      {CatalogueItems} items, {o.Departments} departments, every kind and flow construct; loaded from YAML in {Ms(CatalogueLoadTime)}, {Diagnostics} diagnostics");
        w.WriteLine($"simulated:      {FirstDay:yyyy-MM-dd} … {LastDay:yyyy-MM-dd}: filing over {o.WorkingDays} working days, {HolidaysCrossed} weekday holiday(s) crossed (国庆/中秋)");
        w.WriteLine($"cases:          filed {N(Filed)} — immediate {N(c.Filed(ItemKind.Immediate))} ({Pct(Share(c.Filed(ItemKind.Immediate)))}), "
            + $"promised {N(c.Filed(ItemKind.Promised))} ({Pct(Share(c.Filed(ItemKind.Promised)))}), joint {N(c.Filed(ItemKind.Joint))} ({Pct(Share(c.Filed(ItemKind.Joint)))}), "
            + $"referred {N(c.Filed(ItemKind.Referred))} ({Pct(Share(c.Filed(ItemKind.Referred)))}); finished {N(Finished)}, still open {N(Filed - Finished)}");
        w.WriteLine($"mix:            corrections {Pct(Share(c.Corrections))}, returns {Pct(Share(c.Returns))}, suspensions {Pct(Share(c.Suspensions))}, "
            + $"withdrawals {Pct(Share(c.Withdrawals))}, denials {Pct(Share(c.Denials))}, late steps {N(c.LateActions)}");
        w.WriteLine($"commands:       {N(c.Commands)} ({(Filed == 0 ? 0 : (double)c.Commands / Filed).ToString("0.0", CultureInfo.InvariantCulture)} per case); "
            + $"subcases accepted {N(c.SubcasesAccepted)}, service calls {N(ServiceCalls)}, refused then re-read {N(c.Refused)}, stuck {N(c.Stuck)}");
        if (!c.StuckCases.IsEmpty) w.WriteLine($"  stuck cases:  {string.Join(", ", c.StuckCases)}");
        w.WriteLine($"throughput:     {N(CasesPerSecond)} cases/s, {N(ActionsPerSecond)} actions/s (driving {S(DriveTime)}, whole run {S(TotalTime)})");
        w.WriteLine($"phases:         families {S(FamiliesTime)}, closing outbox and deadlines {S(ClosingTime)}, due reads {S(DueReadTime)}");
        w.WriteLine($"latency:        p50 {Ms(Latency.Percentile(0.50))}, p99 {Ms(Latency.Percentile(0.99))} per command ({N(Latency.Count)} timed)");
        var levels = string.Join(", ", c.DeadlinesByLevel.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {N(p.Value)}"));
        w.WriteLine($"deadlines:      {N(DeadlinesFired)} fired, {N(c.DeadlineEvents)} events delivered ({(levels.Length == 0 ? "none" : levels)})");
        w.WriteLine($"alerts:         {N(Alerts)} raised");
        foreach (var (rule, count) in c.AlertsByRule.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
            w.WriteLine($"  {rule,-34} {N(count),9}");
        var total = Statistics?.Total;
        w.WriteLine(total is null
            ? "on-time rate:   n/a"
            : $"on-time rate:   {(OnTimeRate is { } rate ? Pct(rate) : "n/a")} ({N(total.OnTime)} of {N(total.Decided)} decided on time; 按时办结率)");
        var sat = Statistics?.Satisfaction;
        w.WriteLine(sat is null
            ? $"evaluations:    {N(c.Evaluations)} ({N(c.BadEvaluations)} 差评)"
            : $"evaluations:    {N(sat.Count)} (差评 {N(sat.Bad)}; mean {sat.Mean?.ToString("0.00", CultureInfo.InvariantCulture) ?? "n/a"}; open rectifications {N(sat.OpenRectifications)})");
        w.WriteLine($"memory:         peak working set {Mb(PeakWorkingSet)} ({Mb(DrivePeakWorkingSet)} while driving), peak managed heap {Mb(PeakManagedHeap)}, at most {N(PeakOpenRuns)} cases open at once, snapshot cache {N(o.SnapshotCache)}, GC gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
        w.WriteLine(Verification switch
        {
            null => "audit chain:    not verified (--no-verify)",
            { IsIntact: true } v => $"audit chain:    intact — {N(v.CasesChecked)} cases, {N(v.EventsChecked)} events verified in {S(VerifyTime)}",
            var v => $"audit chain:    TAMPERED — {v.TamperedCases.Count} case(s), {v.Findings.Count} finding(s)",
        });
        w.WriteLine($"database:       {DatabasePath}{(o.DatabasePath is null && !o.Keep ? " (deleted; --keep to keep it)" : "")}");
        w.WriteLine($"fingerprint:    {Fingerprint}");
    }
}
