using System.Text.Json.Serialization;

namespace OneStop.Engine.Events;

/// <summary>A typed event of a case's append-only log. The envelope (<see cref="Storage.EventRecord"/>) carries
/// the time, actor and command key; the payload carries the rest. The discriminator is a stable, versioned
/// name (never a CLR type name): a changed payload gets a new name and the old type stays readable.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(CaseSubmitted), CaseSubmitted.Name)]
[JsonDerivedType(typeof(CorrectionRequested), CorrectionRequested.Name)]
[JsonDerivedType(typeof(CaseResubmitted), CaseResubmitted.Name)]
[JsonDerivedType(typeof(CaseAccepted), CaseAccepted.Name)]
[JsonDerivedType(typeof(CaseRejected), CaseRejected.Name)]
[JsonDerivedType(typeof(MaterialsSupplied), MaterialsSupplied.Name)]
[JsonDerivedType(typeof(CaseSuspended), CaseSuspended.Name)]
[JsonDerivedType(typeof(CaseResumed), CaseResumed.Name)]
[JsonDerivedType(typeof(CaseExtended), CaseExtended.Name)]
[JsonDerivedType(typeof(CaseDecided), CaseDecided.Name)]
[JsonDerivedType(typeof(CaseDelivered), CaseDelivered.Name)]
[JsonDerivedType(typeof(CaseWithdrawn), CaseWithdrawn.Name)]
[JsonDerivedType(typeof(CaseTerminated), CaseTerminated.Name)]
[JsonDerivedType(typeof(NodeStarted), NodeStarted.Name)]
[JsonDerivedType(typeof(NodeCompleted), NodeCompleted.Name)]
[JsonDerivedType(typeof(TaskOpened), TaskOpened.Name)]
[JsonDerivedType(typeof(TaskClaimed), TaskClaimed.Name)]
[JsonDerivedType(typeof(TaskApproved), TaskApproved.Name)]
[JsonDerivedType(typeof(TaskDenied), TaskDenied.Name)]
[JsonDerivedType(typeof(TaskAbstained), TaskAbstained.Name)]
[JsonDerivedType(typeof(TaskTransferred), TaskTransferred.Name)]
[JsonDerivedType(typeof(SignerAdded), SignerAdded.Name)]
[JsonDerivedType(typeof(TaskCommented), TaskCommented.Name)]
[JsonDerivedType(typeof(TasksCancelled), TasksCancelled.Name)]
[JsonDerivedType(typeof(CaseReturned), CaseReturned.Name)]
[JsonDerivedType(typeof(ServiceRequested), ServiceRequested.Name)]
[JsonDerivedType(typeof(ServiceCompleted), ServiceCompleted.Name)]
[JsonDerivedType(typeof(SubcaseRequested), SubcaseRequested.Name)]
[JsonDerivedType(typeof(SubcaseCompleted), SubcaseCompleted.Name)]
[JsonDerivedType(typeof(Clocks.ClockStarted), Clocks.ClockStarted.Name)]
[JsonDerivedType(typeof(Clocks.ClocksPaused), Clocks.ClocksPaused.Name)]
[JsonDerivedType(typeof(Clocks.ClockResumed), Clocks.ClockResumed.Name)]
[JsonDerivedType(typeof(Clocks.ClockExtended), Clocks.ClockExtended.Name)]
[JsonDerivedType(typeof(Clocks.ClocksStopped), Clocks.ClocksStopped.Name)]
[JsonDerivedType(typeof(Clocks.DeadlineFired), Clocks.DeadlineFired.Name)]
[JsonDerivedType(typeof(Clocks.CaseDeemedAccepted), Clocks.CaseDeemedAccepted.Name)]
[JsonDerivedType(typeof(Evaluations.CaseEvaluated), Evaluations.CaseEvaluated.Name)]
[JsonDerivedType(typeof(Evaluations.RectificationRecorded), Evaluations.RectificationRecorded.Name)]
internal abstract record CaseEvent
{
    /// <summary>The stable type name, equal to the JSON discriminator.</summary>
    [JsonIgnore]
    public abstract string TypeName { get; }
}
