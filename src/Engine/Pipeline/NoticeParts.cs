using OneStop.Engine.Flow;

namespace OneStop.Engine.Pipeline;

/// <summary>An engine notice as its parts (see <see cref="Notification.FromParts"/>), which the command's outbox row
/// carries instead of the notice object: the in-memory store keeps exactly these parts, so the object is built only
/// for a store that takes messages (<see cref="OutboxItem.ValueAt"/>), or when the parts are not all shared.</summary>
/// <param name="Kind">The notice's kind.</param>
/// <param name="Case">The case's columns (shared by its notices).</param>
/// <param name="TaskId">The task, for a task notice.</param>
/// <param name="Step">The plan seat's step, role and department, for a task notice.</param>
/// <param name="Assignee">The person, for a task notice.</param>
/// <param name="Extras">The fields only some kinds carry: none, or a decision's outcome alone (shared).</param>
internal readonly record struct NoticeParts(NotificationKind Kind, NoticeCase Case, string? TaskId, SeatColumns? Step, string? Assignee, object? Extras)
{
    /// <summary>The notice, at the commit's time (its outbox row's).</summary>
    public Notification ToNotification(DateTimeOffset at) => Notification.FromParts(Kind, Case, at, TaskId, Step, Assignee, Extras);
}
