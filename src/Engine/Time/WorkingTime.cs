using System.Globalization;
using System.Text;

namespace OneStop.Engine;

/// <summary>An amount of working time (time inside office hours on working days), in whole minutes. Negative
/// when a deadline has passed. Kept apart from <see cref="TimeSpan"/>, which measures elapsed time.</summary>
/// <param name="Minutes">Working minutes; negative for overdue time.</param>
public readonly record struct WorkingTime(long Minutes) : IComparable<WorkingTime>
{
    /// <summary>No working time.</summary>
    public static WorkingTime Zero => default;

    /// <summary>Creates an amount from working minutes.</summary>
    public static WorkingTime FromMinutes(long minutes) => new(minutes);

    /// <summary>True when the amount is below zero (overdue).</summary>
    public bool IsNegative => Minutes < 0;

    /// <summary>Sum of two amounts.</summary>
    public static WorkingTime operator +(WorkingTime a, WorkingTime b) => new(a.Minutes + b.Minutes);

    /// <summary>Difference of two amounts.</summary>
    public static WorkingTime operator -(WorkingTime a, WorkingTime b) => new(a.Minutes - b.Minutes);

    /// <summary>Negation.</summary>
    public static WorkingTime operator -(WorkingTime a) => new(-a.Minutes);

    /// <summary>Compares by minutes.</summary>
    public static bool operator <(WorkingTime a, WorkingTime b) => a.Minutes < b.Minutes;

    /// <summary>Compares by minutes.</summary>
    public static bool operator >(WorkingTime a, WorkingTime b) => a.Minutes > b.Minutes;

    /// <summary>Compares by minutes.</summary>
    public static bool operator <=(WorkingTime a, WorkingTime b) => a.Minutes <= b.Minutes;

    /// <summary>Compares by minutes.</summary>
    public static bool operator >=(WorkingTime a, WorkingTime b) => a.Minutes >= b.Minutes;

    /// <inheritdoc />
    public int CompareTo(WorkingTime other) => Minutes.CompareTo(other.Minutes);

    /// <summary>The absolute amount in words, e.g. <c>3 个工作日 2 小时</c> or <c>45 分钟</c>; zero parts are left out.</summary>
    /// <param name="minutesPerWorkday">Length of one office day in minutes (<see cref="WorkingCalendar.MinutesPerWorkday"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minutesPerWorkday"/> is not positive.</exception>
    public string ToWords(int minutesPerWorkday)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minutesPerWorkday);
        var total = Minutes == long.MinValue ? long.MaxValue : Math.Abs(Minutes);
        var days = total / minutesPerWorkday;
        var rest = total % minutesPerWorkday;
        var text = new StringBuilder();
        Append(text, days, "个工作日");
        Append(text, rest / 60, "小时");
        Append(text, rest % 60, "分钟");
        return text.Length == 0 ? "0 分钟" : text.ToString();
    }

    /// <summary>Remaining or overdue time for a case view: <c>剩余 3 个工作日 2 小时</c>, <c>超时 1 个工作日</c>,
    /// or <c>已到期</c> at exactly zero.</summary>
    /// <param name="minutesPerWorkday">Length of one office day in minutes (<see cref="WorkingCalendar.MinutesPerWorkday"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minutesPerWorkday"/> is not positive.</exception>
    public string ToRemainingWords(int minutesPerWorkday)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minutesPerWorkday);
        return Minutes switch
        {
            0 => "已到期",
            > 0 => "剩余 " + ToWords(minutesPerWorkday),
            _ => "超时 " + ToWords(minutesPerWorkday),
        };
    }

    /// <summary>Formats as <c>"125 working minutes"</c>.</summary>
    public override string ToString() => Minutes.ToString(CultureInfo.InvariantCulture) + " working minutes";

    private static void Append(StringBuilder text, long value, string unit)
    {
        if (value == 0) return;
        if (text.Length > 0) text.Append(' ');
        text.Append(value.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(unit);
    }
}
