using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using OneStop.Definitions;

namespace OneStop.Engine;

/// <summary>The statutory working-day calendar: Monday–Friday minus statutory holidays plus make-up working
/// days (调休), office hours in one time zone, and the counting rules of 民法典 Art.201/203. Immutable and
/// thread-safe; build it once with <see cref="Load"/> or <see cref="CreateDefault"/> and share it.</summary>
/// <remarks>
/// Days in a year the data does not cover count as Monday–Friday; every result touching such a day is
/// provisional, and the first use of each such year logs a warning. Instants go in as any
/// <see cref="DateTimeOffset"/> and come out in UTC; <see cref="ToLocalTime"/> shows them in the calendar's zone.
/// Working time is counted to the tick internally and reported in whole minutes.
/// </remarks>
public sealed partial class WorkingCalendar
{
    private const long MaxWorkingMinutes = 1_000L * 366 * 24 * 60;
    private const int MaxAmount = 1_000_000; // any unit: far beyond any statutory limit, safe from overflow

    private readonly DayTable _days;
    private readonly ZoneConverter _zone;
    private readonly long _openTicks;    // office opening, ticks after local midnight
    private readonly long _closeTicks;   // office closing, ticks after local midnight
    private readonly long _dayTicks;     // _closeTicks - _openTicks
    private readonly FrozenSet<int> _coveredYears;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<int, bool> _warnedYears = new(); // log each uncovered year once

    /// <summary>The calendar's name (from the embedded data, e.g. <c>cn</c>).</summary>
    public string Name { get; }

    /// <summary>The time zone of the office hours.</summary>
    public TimeZoneInfo TimeZone => _zone.Zone;

    /// <summary>When office hours start on a working day, local time.</summary>
    public TimeOnly OfficeOpen { get; }

    /// <summary>When office hours end on a working day, local time.</summary>
    public TimeOnly OfficeClose { get; }

    /// <summary>Minutes of office time in one working day (480 for 09:00–17:00).</summary>
    public int MinutesPerWorkday { get; }

    /// <summary>Years with national holiday data (embedded or from an overlay), ascending.</summary>
    public IReadOnlyList<int> CoveredYears { get; }

    /// <summary>Whether national holiday data covers <paramref name="year"/>.</summary>
    public bool Covers(int year) => _coveredYears.Contains(year);

    /// <summary>Whether <paramref name="date"/> is a working day. For an uncovered year this is Monday–Friday
    /// (plus any regional overlay days).</summary>
    public bool IsWorkingDay(DateOnly date) => _days.IsWorking(date.DayNumber);

    /// <summary>Counts a time limit from <paramref name="start"/> by the statutory rules.</summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><c>workdays</c>: the starting day is not counted (Art.201); due at office close on the N-th working day
    /// after the starting day. Zero workdays: office close of the starting day, or of the next working day.</item>
    /// <item><c>days</c>: the starting day is not counted; the last day is start + N, moved to the next working day
    /// when it is a day off (Art.203); due at office close of that day.</item>
    /// <item><c>workhours</c>: <see cref="AddWorkingMinutes"/> with N × 60 minutes.</item>
    /// <item><c>hours</c>: elapsed hours; never provisional.</item>
    /// </list>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative, its unit unknown, or the result beyond year 9999.</exception>
    public DueInstant Add(DateTimeOffset start, TimeAmount amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount.Value, nameof(amount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(amount.Value, MaxAmount, nameof(amount));
        switch (amount.Unit)
        {
            case TimeUnit.Workdays:
            {
                var day = (int)(_zone.ToLocalTicks(start) / TimeSpan.TicksPerDay);
                var end = amount.Value == 0
                    ? _days.WorkingDayAt(_days.WorkBefore(day))
                    : _days.WorkingDayAt(_days.WorkBefore(day + 1) + amount.Value - 1);
                return AtClose(day, end);
            }

            case TimeUnit.Days:
            {
                var day = (int)(_zone.ToLocalTicks(start) / TimeSpan.TicksPerDay);
                var last = (long)day + amount.Value;
                ArgumentOutOfRangeException.ThrowIfGreaterThan(last, DateOnly.MaxValue.DayNumber - 1, nameof(amount));
                return AtClose(day, _days.WorkingDayAt(_days.WorkBefore((int)last)));
            }

            case TimeUnit.Workhours:
                return AddWorkingMinutes(start, amount.Value * 60L);

            case TimeUnit.Hours:
                return new DueInstant(new DateTimeOffset(start.UtcTicks + amount.Value * TimeSpan.TicksPerHour, TimeSpan.Zero), false);

            default:
                throw new ArgumentOutOfRangeException(nameof(amount), amount.Unit, "Unknown time unit.");
        }
    }

    /// <summary>The instant <paramref name="minutes"/> working minutes after <paramref name="start"/>. Time outside office
    /// hours and on days off does not count. A result that lands exactly on an office-day boundary is the close of
    /// the earlier day (17:00), not the opening of the next.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minutes"/> is negative or absurdly large.</exception>
    public DueInstant AddWorkingMinutes(DateTimeOffset start, long minutes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minutes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minutes, MaxWorkingMinutes);
        var local = _zone.ToLocalTicks(start);
        var day = (int)(local / TimeSpan.TicksPerDay);
        if (minutes == 0) return new DueInstant(start.ToUniversalTime(), Provisional(day, day));
        var target = WorkingTicksBefore(local) + minutes * TimeSpan.TicksPerMinute;
        var k = target / _dayTicks;
        var rest = target % _dayTicks;
        int end;
        long endLocal;
        if (rest == 0)
        {
            end = _days.WorkingDayAt((int)k - 1);
            endLocal = end * TimeSpan.TicksPerDay + _closeTicks;
        }
        else
        {
            end = _days.WorkingDayAt((int)k);
            endLocal = end * TimeSpan.TicksPerDay + _openTicks + rest;
        }

        return new DueInstant(_zone.FromLocalTicks(endLocal), Provisional(day, end));
    }

    /// <summary>Whole working minutes from <paramref name="from"/> to <paramref name="to"/> (negative when
    /// <paramref name="to"/> is earlier): only minutes inside office hours on working days count.</summary>
    public long WorkingMinutesBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var a = _zone.ToLocalTicks(from);
        var b = _zone.ToLocalTicks(to);
        Provisional((int)(a / TimeSpan.TicksPerDay), (int)(b / TimeSpan.TicksPerDay));
        return (WorkingTicksBefore(b) - WorkingTicksBefore(a)) / TimeSpan.TicksPerMinute;
    }

    /// <summary>Working time from <paramref name="from"/> to <paramref name="to"/>; see <see cref="WorkingMinutesBetween"/>.
    /// Use <see cref="IsProvisional"/> to learn whether the span touches a year without data.</summary>
    public WorkingTime Between(DateTimeOffset from, DateTimeOffset to) => new(WorkingMinutesBetween(from, to));

    /// <summary>Whether any day between the two instants (inclusive, either order) lies in a year without national data.</summary>
    public bool IsProvisional(DateTimeOffset from, DateTimeOffset to) =>
        Provisional((int)(_zone.ToLocalTicks(from) / TimeSpan.TicksPerDay), (int)(_zone.ToLocalTicks(to) / TimeSpan.TicksPerDay));

    /// <summary>The instant shown in the calendar's time zone (same instant, local offset).</summary>
    public DateTimeOffset ToLocalTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone.Zone);

    /// <summary>The instant of a local wall-clock date and time in the calendar's time zone, in UTC.</summary>
    public DateTimeOffset AtLocal(DateOnly date, TimeOnly time) => _zone.FromLocalTicks(date.DayNumber * TimeSpan.TicksPerDay + time.Ticks);

    private DueInstant AtClose(int startDay, int endDay) =>
        new(_zone.FromLocalTicks(endDay * TimeSpan.TicksPerDay + _closeTicks), Provisional(startDay, endDay));

    /// <summary>Working ticks from the calendar's origin to a local wall-clock time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long WorkingTicksBefore(long local)
    {
        var day = (int)(local / TimeSpan.TicksPerDay);
        var before = _days.WorkBefore(day);
        var ticks = before * _dayTicks;
        if (_days.WorkBefore(day + 1) != before)
            ticks += Math.Clamp(local - day * TimeSpan.TicksPerDay - _openTicks, 0, _dayTicks);
        return ticks;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Provisional(int firstDay, int lastDay)
    {
        if (!_days.AnyUncovered(firstDay, lastDay)) return false;
        WarnUncovered(firstDay, lastDay);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WarnUncovered(int firstDay, int lastDay)
    {
        if (firstDay > lastDay) (firstDay, lastDay) = (lastDay, firstDay);
        var last = DateOnly.FromDayNumber(lastDay).Year;
        for (var year = DateOnly.FromDayNumber(firstDay).Year; year <= last; year++)
        {
            if (!_coveredYears.Contains(year) && _warnedYears.TryAdd(year, true)) CalendarLog.ProvisionalYear(_logger, Name, year);
        }
    }
}
