using System.Globalization;

namespace OneStop.Definitions;

/// <summary>An amount of statutory time, such as 20 workdays. Never a bare <see cref="TimeSpan"/>.</summary>
/// <param name="Value">How many units; not negative.</param>
/// <param name="Unit">The unit.</param>
public readonly record struct TimeAmount(int Value, TimeUnit Unit)
{
    /// <summary>How many units; not negative.</summary>
    public int Value { get; } = Value;
    /// <summary>The unit.</summary>
    public TimeUnit Unit { get; } = Unit;

    /// <summary>Creates an amount in working days.</summary>
    public static TimeAmount Workdays(int value) => new(value, TimeUnit.Workdays);

    /// <summary>Parses <c>"20 workdays"</c>, <c>"5workdays"</c>, <c>"3 days"</c>, <c>"4 workhours"</c>, <c>"12 hours"</c>.</summary>
    /// <returns>False when the text is not an amount.</returns>
    public static bool TryParse(string? text, out TimeAmount amount)
    {
        amount = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        var i = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        if (i == 0 || !int.TryParse(s.AsSpan(0, i), NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return false;
        TimeUnit? unit = s[i..].Trim().ToLowerInvariant() switch
        {
            "workdays" or "workday" => TimeUnit.Workdays,
            "days" or "day" => TimeUnit.Days,
            "workhours" or "workhour" => TimeUnit.Workhours,
            "hours" or "hour" => TimeUnit.Hours,
            _ => null,
        };
        if (unit is null) return false;
        amount = new TimeAmount(value, unit.Value);
        return true;
    }

    /// <summary>Formats as <c>"20 workdays"</c>.</summary>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture) + " " + Unit.ToString().ToLowerInvariant();
}
