namespace OneStop.Engine.Storage;

/// <summary>One evaluation (好差评) as a store keeps it: one row per case and channel, with its rectification clocks.</summary>
/// <param name="CaseNumber">The case rated.</param>
/// <param name="Channel">Channel name (Window, Web, App, Sms, Hotline, Other).</param>
/// <param name="Rating">1 (非常不满意) … 5 (非常满意).</param>
/// <param name="At">When the rating was given.</param>
/// <param name="ItemCode">The case's item, for statistics.</param>
/// <param name="Department">The case's department, for statistics.</param>
/// <param name="Comment">The applicant's comment, if any.</param>
/// <param name="ContactDue">For a bad rating (差评): when the applicant must have been contacted; otherwise null.</param>
/// <param name="RectifyDue">For a bad rating: when the rectification must be done; otherwise null.</param>
/// <param name="ContactedAt">When the contact was recorded, or null.</param>
/// <param name="RectifiedAt">When the rectification was recorded, or null.</param>
public sealed record EvaluationRecord(
    string CaseNumber,
    string Channel,
    int Rating,
    DateTimeOffset At,
    string ItemCode,
    string Department,
    string? Comment,
    DateTimeOffset? ContactDue,
    DateTimeOffset? RectifyDue,
    DateTimeOffset? ContactedAt,
    DateTimeOffset? RectifiedAt);
