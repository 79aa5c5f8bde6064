using OneStop.Engine.Events;
using OneStop.Engine.Pipeline;

namespace OneStop.Engine.Supervision.Rules;

/// <summary>One commit, pre-digested in a single pass over its events: which kinds of event occurred (as
/// <see cref="Trigger"/> bits) and the last event of each kind a rule looks at. A struct built on the stack, so
/// evaluating a commit that fires nothing allocates nothing.</summary>
internal readonly struct RuleInput
{
    public RuleInput(CommitContext context, WorkingCalendar calendar)
    {
        Context = context;
        Calendar = calendar;
        var events = context.NewEvents;
        Trigger flags = Trigger.Always;
        int returns = 0, corrections = 0;
        int correction = -1, returned = -1, suspended = -1, decided = -1, delivered = -1, accepted = -1, extended = -1;
        for (var i = 0; i < events.Count; i++)
        {
            switch (events[i])
            {
                case CorrectionRequested: flags |= Trigger.Correction; corrections++; correction = i; break;
                case CaseAccepted: flags |= Trigger.Accepted; accepted = i; break;
                case CaseReturned: flags |= Trigger.Returned; returns++; returned = i; break;
                case CaseSuspended: flags |= Trigger.Suspended; suspended = i; break;
                case CaseExtended: flags |= Trigger.Extended; extended = i; break;
                case CaseDecided: flags |= Trigger.Decided; decided = i; break;
                case CaseDelivered: flags |= Trigger.Delivered; delivered = i; break;
                default:
                    if (ClockFacts.IsDeadline(events[i])) flags |= Trigger.Deadline;
                    break;
            }
        }
        Flags = flags;
        ReturnsAdded = returns;
        CorrectionsAdded = corrections;
        CorrectionIndex = correction;
        ReturnIndex = returned;
        SuspensionIndex = suspended;
        DecisionIndex = decided;
        DeliveryIndex = delivered;
        AcceptanceIndex = accepted;
        ExtensionIndex = extended;
    }

    public CommitContext Context { get; }
    public WorkingCalendar Calendar { get; }
    public Trigger Flags { get; }
    public int ReturnsAdded { get; }
    public int CorrectionsAdded { get; }
    public int CorrectionIndex { get; }
    public int ReturnIndex { get; }
    public int SuspensionIndex { get; }
    public int DecisionIndex { get; }
    public int DeliveryIndex { get; }
    public int AcceptanceIndex { get; }
    public int ExtensionIndex { get; }

    /// <summary>The event at <paramref name="index"/> of the commit.</summary>
    public T Event<T>(int index) where T : CaseEvent => (T)Context.NewEvents[index];

    /// <summary>The sequence number the event at <paramref name="index"/> gets in the case's log.</summary>
    public long SequenceOf(int index) => Context.PreviousVersion + 1 + index;
}
