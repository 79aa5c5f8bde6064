namespace OneStop.Engine;

/// <summary>Input of <see cref="IServiceHandler"/>.</summary>
/// <param name="MessageId">Stable id of the call.</param>
/// <param name="CaseNumber">The case.</param>
/// <param name="StepId">The service step.</param>
/// <param name="Handler">The handler name.</param>
/// <param name="ItemCode">The item.</param>
/// <param name="Form">The case's form values.</param>
/// <param name="Materials">Material ids provided.</param>
public readonly record struct ServiceCallArguments(
    string MessageId, string CaseNumber, string StepId, string Handler, string ItemCode,
    IReadOnlyDictionary<string, string> Form, IReadOnlyList<string> Materials);
