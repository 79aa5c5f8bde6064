using OneStop.Definitions;

namespace OneStop.Engine.Storage;

/// <summary>A search over stored alerts; every filter is optional. Results are newest first.</summary>
public sealed record AlertQuery
{
    /// <summary>Only this case's alerts.</summary>
    public string? CaseNumber { get; init; }
    /// <summary>Only alerts in this status.</summary>
    public AlertStatus? Status { get; init; }
    /// <summary>Only alerts of this level.</summary>
    public AlertLevel? Level { get; init; }
    /// <summary>Only this rule's alerts.</summary>
    public string? RuleId { get; init; }
    /// <summary>Rows to skip.</summary>
    public int Offset { get; init; }
    /// <summary>Rows to return (default 100).</summary>
    public int Limit { get; init; } = 100;
}
