namespace OneStop.Engine;

/// <summary>The answer of a service handler: the step passes or is denied (a denial is a business answer,
/// not a failure; failures are exceptions).</summary>
/// <param name="Approved">Whether the step passes.</param>
/// <param name="Message">Explanation shown in the timeline.</param>
public readonly record struct ServiceResult(bool Approved, string? Message = null);
