using System.Collections.Concurrent;
using System.Globalization;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Hooks;

/// <summary>The default case number: <c>{item}-{yyyyMMdd}-{seq:00000}</c> in the time provider's local zone, e.g.
/// <c>000104002000-20250926-00001</c>. Readable, sortable per item and day, and unique across restarts: the first
/// number of an item and day continues after the cases the store already holds for that day, and a collision
/// (another node took the number) makes the engine ask again, which moves on.</summary>
internal sealed class DefaultCaseNumberGenerator(ICaseStore store, TimeProvider time) : ICaseNumberGenerator
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async ValueTask<string> NextAsync(CaseNumberArguments arguments, CancellationToken cancellationToken)
    {
        var zone = time.LocalTimeZone;
        var local = TimeZoneInfo.ConvertTime(arguments.At, zone);
        var day = local.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var key = arguments.ItemCode + "-" + day;
        if (!_counters.TryGetValue(key, out var counter))
        {
            var start = new DateTimeOffset(local.Date, local.Offset);
            var existing = await store.SearchCasesAsync(
                new CaseQuery(ItemCode: arguments.ItemCode, SubmittedFrom: start, SubmittedTo: start.AddDays(1), Limit: 1), cancellationToken).ConfigureAwait(false);
            counter = _counters.GetOrAdd(key, _ => new Counter(existing.Total));
        }
        var seq = Interlocked.Increment(ref counter.Value);
        return key + "-" + seq.ToString("00000", CultureInfo.InvariantCulture);
    }

    private sealed class Counter(int value)
    {
        public int Value = value;
    }
}
