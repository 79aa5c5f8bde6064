namespace OneStop.Engine;

/// <summary>The days one file lists for one year, as day numbers.</summary>
/// <param name="Off">Days off (statutory holidays, or local extra days off).</param>
/// <param name="Work">Working days on days that would otherwise be off (调休 make-up days).</param>
internal sealed record CalendarYear(IReadOnlyList<int> Off, IReadOnlyList<int> Work);
