namespace OneStop.Engine;

/// <summary>The result of counting a time limit: when it falls due, and whether the count had to assume
/// Monday–Friday for a year the holiday data does not cover.</summary>
/// <param name="Instant">The due instant, in UTC.</param>
/// <param name="IsProvisional">True when some day in the counted period lies in a year without holiday data,
/// so the instant may move once that year's notice is loaded.</param>
public readonly record struct DueInstant(DateTimeOffset Instant, bool IsProvisional);
