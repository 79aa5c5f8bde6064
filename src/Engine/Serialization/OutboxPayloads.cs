namespace OneStop.Engine.Serialization;

/// <summary>Outbox channel names.</summary>
internal static class Channels
{
    /// <summary>Applicant and staff notices for <see cref="INotificationSink"/>.</summary>
    public const string Notification = "notification";
    /// <summary>Calls to <see cref="IServiceHandler"/>s.</summary>
    public const string Service = "service";
    /// <summary>Starting child cases and reporting their outcome to the parent.</summary>
    public const string Subcase = "subcase";
}

/// <summary>Outbox payload: call a service handler. <c>MaxAttempts</c> is the step's <c>attempts</c>
/// (failed deliveries before the call is parked as dead); null in messages written before it was carried, which then
/// get the dispatcher's global maximum.</summary>
internal sealed record ServiceRequestMessage(string CaseNumber, int Node, long Token, string StepId, string Handler, int? MaxAttempts = null);

/// <summary>Outbox payload: start a child case.</summary>
internal sealed record SubcaseStartMessage(string ParentCase, int Node, long Token, string ItemCode, int? ItemVersion,
    string Applicant, Dictionary<string, string> Form, List<string> Materials);

/// <summary>Outbox payload: a child case reached its decision; drive the parent.</summary>
internal sealed record SubcaseDoneMessage(string ParentCase, int Node, long Token, string ChildCase, CaseOutcome Outcome);
