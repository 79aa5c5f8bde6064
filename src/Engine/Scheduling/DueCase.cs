namespace OneStop.Engine.Scheduling;

/// <summary>A case with a deadline due: what the deadline pass and the simulator's round plan need of a due row.</summary>
/// <param name="CaseNumber">Case number.</param>
/// <param name="Applicant">Applicant name or id, or null.</param>
/// <param name="EarliestDue">The case's earliest due instant.</param>
internal readonly record struct DueCase(string CaseNumber, string? Applicant, DateTimeOffset EarliestDue);
