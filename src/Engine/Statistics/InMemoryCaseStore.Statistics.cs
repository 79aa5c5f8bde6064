using System.Globalization;
using OneStop.Engine.Statistics;

namespace OneStop.Engine.Storage;

public sealed partial class InMemoryCaseStore : IStatisticsStore
{
    private readonly Dictionary<(string CaseNumber, string Channel), EvaluationRecord> _evaluations = [];

    /// <inheritdoc />
    public Task<StatisticsReport> GetStatisticsAsync(StatisticsQuery query, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        CaseRecord[] cases;
        EvaluationRecord[] evaluations;
        Dictionary<Definitions.AlertLevel, long> openAlerts;
        lock (_gate)
        {
            // The rows without their snapshots: a pending snapshot is not written for counting.
            cases = [.. _cases.Values.Select(e => e.Row)];
            evaluations = [.. _evaluations.Values];
            openAlerts = _alerts.Values.Where(a => a.Status != AlertStatus.Resolved).GroupBy(a => a.Level).ToDictionary(g => g.Key, g => (long)g.Count());
        }
        var from = query.From ?? DateTimeOffset.MinValue;
        var to = query.To ?? DateTimeOffset.MaxValue;
        bool Selected(string item, string department) =>
            (query.ItemCode is null || item == query.ItemCode) && (query.Department is null || department == query.Department);

        var finished = cases.Where(c => c.Metrics?.FinishedAt is { } f && f >= from && f < to && Selected(c.ItemCode, c.Department)).ToList();
        var total = Group("", finished);
        var histogram = finished.Where(c => c.Metrics!.WorkingMinutes is not null)
            .GroupBy(c => c.Metrics!.WorkingMinutes!.Value).OrderBy(g => g.Key).Select(g => (g.Key, (long)g.Count())).ToList();
        var groups = query.By == StatisticsDimension.None ? [] : finished
            .GroupBy(c => KeyOf(c, query))
            .Select(g => Group(g.Key, g))
            .OrderByDescending(g => g.Finished).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();

        var overdueAll = cases
            .Where(c => c.Metrics is { DueAt: { } due, FinishedAt: null } && due < now && c.State != nameof(CaseState.Suspended) && Selected(c.ItemCode, c.Department))
            .OrderBy(c => c.Metrics!.DueAt).ThenBy(c => c.CaseNumber, StringComparer.Ordinal).ToList();
        var overdue = overdueAll.Take(query.OverdueLimit)
            .Select(c => new OverdueCase(c.CaseNumber, c.ItemCode, c.Department, c.State, c.Metrics!.DueAt!.Value)).ToList();

        var rated = evaluations.Where(e => e.At >= from && e.At < to && Selected(e.ItemCode, e.Department)).ToList();
        var byRating = new long[5];
        foreach (var e in rated) byRating[e.Rating - 1]++;
        var open = evaluations.Where(e => e.RectifyDue is not null && e.RectifiedAt is null && Selected(e.ItemCode, e.Department)).ToList();
        var late = open.Count(e => e.RectifyDue < now || (e.ContactedAt is null && e.ContactDue < now));
        var satisfaction = new SatisfactionSummary(rated.Count, byRating, open.Count, late);

        return Task.FromResult(new StatisticsReport(query, now, total, StatisticsMath.Summarize(histogram, query.MinutesPerWorkday), groups,
            overdue, overdueAll.Count, openAlerts, satisfaction));
    }

    private static string KeyOf(CaseRecord c, StatisticsQuery query) => query.By switch
    {
        StatisticsDimension.Item => c.ItemCode,
        StatisticsDimension.Department => c.Department,
        StatisticsDimension.Kind => c.Kind,
        StatisticsDimension.Outcome => c.Metrics!.Result ?? "",
        StatisticsDimension.Month => c.Metrics!.FinishedAt!.Value.ToOffset(query.UtcOffset).ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => "",
    };

    private static StatisticsGroup Group(string key, IEnumerable<CaseRecord> cases)
    {
        long finished = 0, decided = 0, onTime = 0, early = 0, minutes = 0;
        foreach (var c in cases)
        {
            finished++;
            var m = c.Metrics!;
            if (m.OnTime is not { } ok) continue;
            decided++;
            if (ok) onTime++;
            if (m.Early == true) early++;
            minutes += m.WorkingMinutes ?? 0;
        }
        return new StatisticsGroup(key, finished, decided, onTime, early, minutes);
    }
}
