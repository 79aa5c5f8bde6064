using System.Runtime.CompilerServices;

namespace OneStop.Engine;

/// <summary>Precomputed per-day tables over the years the data touches; outside them every day follows
/// Monday–Friday arithmetic. All lookups are O(1) and allocation-free. Immutable once built.</summary>
/// <remarks>Day numbers are <see cref="DateOnly.DayNumber"/>: day 0 (0001-01-01) is a Monday, so the weekday
/// of day <c>n</c> is <c>n % 7</c> with 0 = Monday.</remarks>
internal sealed class DayTable
{
    private readonly int _lo;               // first day number in the table
    private readonly int _len;              // days in the table: [_lo, _lo + _len)
    private readonly int[] _workBefore;     // W(_lo + i): working days with day number < _lo + i (absolute count)
    private readonly int[] _uncoveredBefore; // U(_lo + i): days in uncovered years with day number < _lo + i
    private readonly int[] _workingDays;    // day numbers of the working days in the table, in order
    private readonly int _wLo;              // W(_lo)
    private readonly int _wHi;              // W(_lo + _len)
    private readonly int _weekdaysHi;       // Weekdays(_lo + _len)

    /// <summary>Builds the tables.</summary>
    /// <param name="lo">First day number covered by the table.</param>
    /// <param name="hi">Day number just past the table.</param>
    /// <param name="isWorking">Working-day status of a day inside the table.</param>
    /// <param name="isCovered">Whether a day inside the table lies in a year the data covers.</param>
    public DayTable(int lo, int hi, Func<int, bool> isWorking, Func<int, bool> isCovered)
    {
        _lo = lo;
        _len = hi - lo;
        _workBefore = new int[_len + 1];
        _uncoveredBefore = new int[_len + 1];
        var working = new List<int>(_len);
        _workBefore[0] = Weekdays(lo);
        _uncoveredBefore[0] = lo;
        for (var i = 0; i < _len; i++)
        {
            var day = lo + i;
            var w = isWorking(day);
            if (w) working.Add(day);
            _workBefore[i + 1] = _workBefore[i] + (w ? 1 : 0);
            _uncoveredBefore[i + 1] = _uncoveredBefore[i] + (isCovered(day) ? 0 : 1);
        }

        _workingDays = [.. working];
        _wLo = _workBefore[0];
        _wHi = _workBefore[_len];
        _weekdaysHi = Weekdays(hi);
    }

    /// <summary>Number of Monday–Friday days with day number below <paramref name="day"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Weekdays(int day) => 5 * (day / 7) + Math.Min(day % 7, 5);

    /// <summary>Day number of the <paramref name="k"/>-th (from 0) Monday–Friday day.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WeekdayAt(int k) => 7 * (k / 5) + k % 5;

    /// <summary>W(day): working days with day number below <paramref name="day"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int WorkBefore(int day)
    {
        var i = day - _lo;
        if ((uint)i <= (uint)_len) return _workBefore[i];
        return i < 0 ? Weekdays(day) : _wHi + Weekdays(day) - _weekdaysHi;
    }

    /// <summary>Day number of the <paramref name="k"/>-th (from 0) working day: the inverse of <see cref="WorkBefore"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int WorkingDayAt(int k)
    {
        var i = k - _wLo;
        if ((uint)i < (uint)_workingDays.Length) return _workingDays[i];
        return i < 0 ? WeekdayAt(k) : WeekdayAt(_weekdaysHi + (k - _wHi));
    }

    /// <summary>Whether the day is a working day.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsWorking(int day) => WorkBefore(day + 1) != WorkBefore(day);

    /// <summary>U(day): days in uncovered years with day number below <paramref name="day"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int UncoveredBefore(int day)
    {
        var i = day - _lo;
        if ((uint)i <= (uint)_len) return _uncoveredBefore[i];
        return i < 0 ? day : _uncoveredBefore[_len] + (day - _lo - _len);
    }

    /// <summary>Whether any day in [<paramref name="first"/>, <paramref name="last"/>] lies in an uncovered year.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool AnyUncovered(int first, int last)
    {
        if (first > last) (first, last) = (last, first);
        return UncoveredBefore(last + 1) != UncoveredBefore(first);
    }
}
