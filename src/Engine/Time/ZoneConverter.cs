using System.Runtime.CompilerServices;

namespace OneStop.Engine;

/// <summary>Converts instants to local wall-clock ticks in the calendar's zone and back. Over a window where
/// the zone's offset never changes (checked day by day at construction) it is plain arithmetic; elsewhere it
/// asks <see cref="TimeZoneInfo"/>.</summary>
internal sealed class ZoneConverter
{
    private readonly TimeZoneInfo _zone;
    private readonly long _offsetTicks;
    private readonly long _fastLoUtc;   // fast window, UTC ticks, [lo, hi)
    private readonly long _fastHiUtc;

    /// <summary>Creates the converter and finds the fixed-offset window around [firstDay, lastDay].</summary>
    public ZoneConverter(TimeZoneInfo zone, int firstDay, int lastDay)
    {
        _zone = zone;
        var lo = Math.Max(firstDay, DateOnly.MinValue.DayNumber + 2);
        var hi = Math.Min(lastDay, DateOnly.MaxValue.DayNumber - 2);
        var offset = zone.GetUtcOffset(new DateTime(lo * TimeSpan.TicksPerDay, DateTimeKind.Utc));
        for (var day = lo; day <= hi; day++)
        {
            var midnight = day * TimeSpan.TicksPerDay;
            if (zone.GetUtcOffset(new DateTime(midnight, DateTimeKind.Utc)) != offset
                || zone.GetUtcOffset(new DateTime(midnight + TimeSpan.TicksPerDay / 2, DateTimeKind.Utc)) != offset)
            {
                hi = lo - 1; // the offset changes somewhere: no fast window at all
                break;
            }
        }

        _offsetTicks = offset.Ticks;
        // One day of margin inside each end so that a local midnight near the edge still maps back exactly.
        _fastLoUtc = hi >= lo ? (lo + 1) * TimeSpan.TicksPerDay : 0;
        _fastHiUtc = hi >= lo ? hi * TimeSpan.TicksPerDay : 0;
    }

    /// <summary>The zone.</summary>
    public TimeZoneInfo Zone => _zone;

    /// <summary>Local wall-clock ticks of an instant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ToLocalTicks(DateTimeOffset instant)
    {
        var utc = instant.UtcTicks;
        return utc >= _fastLoUtc && utc < _fastHiUtc ? utc + _offsetTicks : SlowToLocal(instant);
    }

    /// <summary>The UTC instant of local wall-clock ticks. A local time skipped by a daylight-saving change
    /// is read with the zone's standard offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public DateTimeOffset FromLocalTicks(long local)
    {
        var utc = local - _offsetTicks;
        return utc >= _fastLoUtc && utc < _fastHiUtc ? new DateTimeOffset(utc, TimeSpan.Zero) : SlowFromLocal(local);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long SlowToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone).Ticks;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private DateTimeOffset SlowFromLocal(long local)
    {
        var wall = new DateTime(local, DateTimeKind.Unspecified);
        var offset = _zone.IsInvalidTime(wall) ? _zone.BaseUtcOffset : _zone.GetUtcOffset(wall);
        return new DateTimeOffset(local - offset.Ticks, TimeSpan.Zero);
    }
}
