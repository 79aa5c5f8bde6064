using System.Globalization;
using OneStop.Engine;

namespace OneStop.Cli.Rendering;

/// <summary>Plain-text rendering of a <see cref="StatisticsReport"/> (bilingual labels, invariant numbers).</summary>
internal static class StatsRenderer
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    public static void Write(TextWriter o, string path, StatisticsReport r)
    {
        var q = r.Query;
        var period = (q.From, q.To) switch
        {
            (null, null) => "all time",
            _ => $"{Day(q.From) ?? "…"} – {Day(q.To?.AddDays(-1)) ?? "…"}",
        };
        o.WriteLine($"统计 statistics: {path}");
        o.WriteLine($"period 统计期间: {period}{(q.ItemCode is null ? "" : ", item " + q.ItemCode)}{(q.Department is null ? "" : ", department " + q.Department)}");
        var t = r.Total;
        o.WriteLine($"finished 办结 {t.Finished}   decided 作出决定 {t.Decided}   on time 按时办结 {t.OnTime} ({Rate(t.OnTimeRate)})   early 提前办结 {t.Early} ({Rate(t.EarlyRate)})");
        var d = r.Duration;
        o.WriteLine(d.Count == 0
            ? "duration 办理时长: no decided cases"
            : $"duration 办理时长 (working days 工作日): mean {Num(d.MeanDays)}  median {Num(d.MedianDays)}  p90 {Num(d.P90Days)}  (n={d.Count})");
        if (q.By != StatisticsDimension.None)
        {
            o.WriteLine($"by {q.By.ToString().ToLowerInvariant()}:");
            o.WriteLine($"  {"key",-24} {"finished",9} {"decided",8} {"on-time",8} {"rate",7} {"mean d",7}");
            foreach (var g in r.Groups)
            {
                var mean = g.MeanWorkingMinutes / q.MinutesPerWorkday;
                o.WriteLine($"  {g.Key,-24} {g.Finished,9} {g.Decided,8} {g.OnTime,8} {Rate(g.OnTimeRate),7} {Num(mean),7}");
            }
        }
        o.WriteLine($"overdue now 当前超期: {r.OverdueTotal}");
        foreach (var c in r.Overdue)
            o.WriteLine($"  {c.CaseNumber}  {c.ItemCode}  {c.Department}  {c.State}  due {c.DueAt.ToOffset(China).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}");
        if (r.OverdueTotal > r.Overdue.Count) o.WriteLine($"  … and {r.OverdueTotal - r.Overdue.Count} more");
        o.WriteLine(r.OpenAlerts is null
            ? "open alerts 未办结预警: not recorded in this file"
            : "open alerts 未办结预警: " + (r.OpenAlerts.Count == 0 ? "none" : string.Join(", ", r.OpenAlerts.OrderByDescending(a => a.Key).Select(a => $"{a.Key} {a.Value}"))));
        var s = r.Satisfaction;
        o.WriteLine($"satisfaction 好差评: {s.Count} evaluation(s), mean {Num(s.Mean)}, satisfied 满意率 {Rate(s.SatisfiedRate)}, bad 差评 {s.Bad}; "
            + $"rectifications open 待整改 {s.OpenRectifications}, overdue 整改超期 {s.OverdueRectifications}");
        o.WriteLine($"  ratings 1–5: {string.Join(" / ", s.ByRating)}");
    }

    private static string? Day(DateTimeOffset? instant) => instant?.ToOffset(China).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Rate(double? rate) => rate is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    private static string Num(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "—";
}
