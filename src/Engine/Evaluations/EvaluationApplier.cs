using OneStop.Engine.Flow;

namespace OneStop.Engine.Evaluations;

/// <summary>Applies evaluation events to a snapshot (called by <see cref="Events.EventApplier"/>).</summary>
internal static class EvaluationApplier
{
    public static void Apply(CaseSnapshot s, EvaluationEvent e, DateTimeOffset at)
    {
        switch (e)
        {
            case CaseEvaluated x:
                (s.Evaluations ??= []).Add(new EvaluationState
                {
                    Channel = x.Channel, Rating = x.Rating, At = at, Comment = x.Comment, ContactDue = x.ContactDue, RectifyDue = x.RectifyDue,
                });
                break;
            case RectificationRecorded x:
                var state = Find(s, x.Channel) ?? throw new InvalidOperationException($"No evaluation on channel {x.Channel} to rectify.");
                if (x.Stage == RectificationStage.Contacted) state.ContactedAt = at;
                else
                {
                    // Rectifying implies the applicant was reached.
                    state.RectifiedAt = at;
                    state.ContactedAt ??= at;
                }
                break;
        }
    }

    public static EvaluationState? Find(CaseSnapshot s, EvaluationChannel channel) => s.Evaluations?.Find(e => e.Channel == channel);
}
