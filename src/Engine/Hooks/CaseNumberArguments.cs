namespace OneStop.Engine;

/// <summary>Input of <see cref="ICaseNumberGenerator"/>.</summary>
/// <param name="ItemCode">The item.</param>
/// <param name="Department">Its department.</param>
/// <param name="At">Submission time (UTC).</param>
/// <param name="Attempt">1 on the first try; higher after a collision.</param>
public readonly record struct CaseNumberArguments(string ItemCode, string Department, DateTimeOffset At, int Attempt);
