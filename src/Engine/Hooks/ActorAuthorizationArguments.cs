namespace OneStop.Engine;

/// <summary>What <see cref="IActorAuthorizer"/> decides on.</summary>
/// <param name="Actor">Who acts.</param>
/// <param name="Action">The action.</param>
/// <param name="CaseNumber">The case (null for a submission, which has no number yet).</param>
/// <param name="ItemCode">The item.</param>
/// <param name="Role">The role the actor acts for (a task's role), if any.</param>
/// <param name="Department">The department the actor acts for (a task's or the item's department).</param>
/// <param name="TaskId">The task, for task actions.</param>
public readonly record struct ActorAuthorizationArguments(
    string Actor, CaseAction Action, string? CaseNumber, string ItemCode, string? Role, string? Department, string? TaskId);
