namespace OneStop.Engine;

/// <summary>One parsed calendar file (the embedded national data or an operator's overlay).</summary>
/// <param name="Source">Where it came from, for messages.</param>
/// <param name="Name">The file's own name for the calendar.</param>
/// <param name="IsRegional">True for a regional overlay: its days adjust the calendar but do not make a year
/// count as covered (a year is covered only by national data).</param>
/// <param name="Years">Per year, the listed days.</param>
internal sealed record CalendarFile(string Source, string Name, bool IsRegional, IReadOnlyDictionary<int, CalendarYear> Years);
