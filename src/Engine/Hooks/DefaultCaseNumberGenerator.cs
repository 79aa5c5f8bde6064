using System.Collections.Concurrent;
using System.Globalization;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Hooks;

/// <summary>The default case number: <c>{item}-{yyyyMMdd}-{seq:00000}</c> in the time provider's local zone, e.g.
/// <c>000104002000-20250926-00001</c>. Readable, sortable per item and day, and unique across restarts: the first
/// number of an item and day continues after the cases the store already holds for that day, and a collision
/// (another node took the number) makes the engine ask again, which moves on. Counters are kept for the latest day
/// only: a day that comes back (an answer arriving after midnight) is counted again from the store, as after a restart,
/// so the generator's memory does not grow with the days and items it has seen.</summary>
internal sealed class DefaultCaseNumberGenerator(ICaseStore store, TimeProvider time) : ICaseNumberGenerator
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private string _latestDay = "";
    private Prefix? _lastPrefix;

    /// <summary>Item-and-day counters held (for tests).</summary>
    internal int CounterCount => _counters.Count;

    /// <inheritdoc />
    public async ValueTask<string> NextAsync(CaseNumberArguments arguments, CancellationToken cancellationToken)
    {
        var zone = time.LocalTimeZone;
        var local = TimeZoneInfo.ConvertTime(arguments.At, zone);
        // The prefix of the last number (item and local day) serves again while both stay the same: no strings per call.
        var prefix = Volatile.Read(ref _lastPrefix);
        if (prefix is null || prefix.Date != local.Date || !string.Equals(prefix.ItemCode, arguments.ItemCode, StringComparison.Ordinal))
        {
            var text = local.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            Volatile.Write(ref _lastPrefix, prefix = new Prefix(arguments.ItemCode, local.Date, text, arguments.ItemCode + "-" + text));
        }
        var day = prefix.Day;
        var key = prefix.Key;
        if (string.CompareOrdinal(day, Volatile.Read(ref _latestDay)) > 0) MoveTo(day);
        if (!_counters.TryGetValue(key, out var counter))
        {
            var start = new DateTimeOffset(local.Date, local.Offset);
            var existing = await store.SearchCasesAsync(
                new CaseQuery(ItemCode: arguments.ItemCode, SubmittedFrom: start, SubmittedTo: start.AddDays(1), Limit: 1), cancellationToken).ConfigureAwait(false);
            counter = _counters.GetOrAdd(key, _ => new Counter(existing.Total));
        }
        var seq = Interlocked.Increment(ref counter.Value);
        return string.Create(CultureInfo.InvariantCulture, $"{key}-{seq:00000}");
    }

    /// <summary>A new day: forget the counters of every other day (each later request for them re-reads the store).</summary>
    private void MoveTo(string day)
    {
        lock (_gate)
        {
            if (string.CompareOrdinal(day, _latestDay) <= 0) return;
            Volatile.Write(ref _latestDay, day);
            foreach (var key in _counters.Keys)
            {
                if (!key.EndsWith(day, StringComparison.Ordinal)) _counters.TryRemove(key, out _);
            }
        }
    }

    /// <summary>An item's counter key for one local day (<c>item-yyyyMMdd</c>) and the day's text.</summary>
    private sealed record Prefix(string ItemCode, DateTime Date, string Day, string Key);

    private sealed class Counter(int value)
    {
        public int Value = value;
    }
}
