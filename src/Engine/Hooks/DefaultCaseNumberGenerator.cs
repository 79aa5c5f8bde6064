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
    /// <remarks>Not async: the usual call (the item and day's counter held, a first attempt or one already counted) takes
    /// the next number at once, without a state machine; the rest continues in <see cref="NextSlowAsync"/>.</remarks>
    public ValueTask<string> NextAsync(CaseNumberArguments arguments, CancellationToken cancellationToken)
    {
        var prefix = PrefixOf(arguments);
        if (string.CompareOrdinal(prefix.Day, Volatile.Read(ref _latestDay)) > 0) MoveTo(prefix.Day);
        if (_counters.TryGetValue(prefix.Key, out var counter) && (arguments.Attempt <= 1 || counter.Counted))
            return new(Format(prefix.Key, Interlocked.Increment(ref counter.Value)));
        return NextSlowAsync(arguments, prefix, cancellationToken);
    }

    // The item and local day's prefix: the last one while both stay the same (no strings per call).
    private Prefix PrefixOf(CaseNumberArguments arguments)
    {
        var local = TimeZoneInfo.ConvertTime(arguments.At, time.LocalTimeZone);
        var prefix = Volatile.Read(ref _lastPrefix);
        if (prefix is null || prefix.Date != local.Date || !string.Equals(prefix.ItemCode, arguments.ItemCode, StringComparison.Ordinal))
        {
            var text = local.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            Volatile.Write(ref _lastPrefix, prefix = new Prefix(arguments.ItemCode, local.Date, text, arguments.ItemCode + "-" + text));
        }
        return prefix;
    }

    // {key}-{seq:00000}: the sequence with at least five digits (a minus sign first if it were ever negative).
    private static string Format(string key, int seq)
    {
        Span<char> digits = stackalloc char[16];
        seq.TryFormat(digits, out var written, "D5", CultureInfo.InvariantCulture);
        return string.Concat(key.AsSpan(), "-", digits[..written]);
    }

    // NextAsync when the counter is not held yet, or a later attempt must first catch up with the store's count.
    private async ValueTask<string> NextSlowAsync(CaseNumberArguments arguments, Prefix prefix, CancellationToken cancellationToken)
    {
        var local = TimeZoneInfo.ConvertTime(arguments.At, time.LocalTimeZone);
        var key = prefix.Key;
        if (!_counters.TryGetValue(key, out var counter))
        {
            // Numbers are handed out from 1, so the store holds cases of this item and day only if it holds the first
            // number: one point read of that row tells a new day (nearly every first request) from a restart. Unlike
            // the count, which is a host-facing search and waits for the fsync of every commit it may have seen, the
            // row read is the engine's own and does not wait.
            var first = await store.GetCaseRowAsync(key + "-" + FirstSequence, cancellationToken).ConfigureAwait(false);
            var (existing, counted) = first is null ? (0, false) : (await CountAsync(arguments.ItemCode, local, cancellationToken).ConfigureAwait(false), true);
            counter = _counters.GetOrAdd(key, _ => new Counter(existing, counted));
        }
        else if (arguments.Attempt > 1 && !counter.Counted)
        {
            // The number was taken although the first one was not stored when the day began here (another node started
            // the day since, or the first number's commit failed before a restart): continue after the store's count.
            var stored = await CountAsync(arguments.ItemCode, local, cancellationToken).ConfigureAwait(false);
            counter.Counted = true;
            for (var value = Volatile.Read(ref counter.Value); value < stored; value = Volatile.Read(ref counter.Value))
            {
                if (Interlocked.CompareExchange(ref counter.Value, stored, value) == value) break;
            }
        }
        return Format(key, Interlocked.Increment(ref counter.Value));
    }

    /// <summary>The sequence of an item's first number on a day.</summary>
    private const string FirstSequence = "00001";

    /// <summary>Cases of the item submitted on the local day of <paramref name="local"/>.</summary>
    private async Task<int> CountAsync(string itemCode, DateTimeOffset local, CancellationToken cancellationToken)
    {
        var start = new DateTimeOffset(local.Date, local.Offset);
        var existing = await store.SearchCasesAsync(
            new CaseQuery(ItemCode: itemCode, SubmittedFrom: start, SubmittedTo: start.AddDays(1), Limit: 1), cancellationToken).ConfigureAwait(false);
        return existing.Total;
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

    private sealed class Counter(int value, bool counted)
    {
        public int Value = value;

        /// <summary>Whether the start came from the store's count (else from the first number's absence).</summary>
        public volatile bool Counted = counted;
    }
}
