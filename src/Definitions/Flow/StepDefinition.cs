using System.Collections.Immutable;

namespace OneStop.Definitions.Flow;

/// <summary>A human step (环节): opens tasks for its role and/or department.</summary>
public sealed class StepDefinition : FlowNode
{
    /// <summary>Display name.</summary>
    public string? Name { get; internal init; }
    /// <summary>Role that handles the step; may be null when a department is given.</summary>
    public string? Role { get; internal init; }
    /// <summary>Department that handles the step; null means the item's department.</summary>
    public string? Department { get; internal init; }
    /// <summary>The step's own limit.</summary>
    public TimeAmount? Limit { get; internal init; }
    /// <summary>What happens when the step's limit runs out.</summary>
    public TimeoutPolicy OnTimeout { get; internal init; } = TimeoutPolicy.Notify;
    /// <summary>A special procedure this step runs (clocks paused while it lasts).</summary>
    public SpecialProcedureDefinition? SpecialProcedure { get; internal init; }
    /// <summary>How the approvers decide.</summary>
    public ApproverMode Mode { get; internal init; } = ApproverMode.Any;
    /// <summary>Approver positions; one seat (the step's role/department) by default.</summary>
    public ImmutableArray<ApproverSeat> Seats { get; internal init; } = [];
    /// <summary>The vote rule when <see cref="Mode"/> is Vote.</summary>
    public VoteRule? Vote { get; internal init; }
    /// <summary>Where a task of this step may return the case.</summary>
    public ImmutableArray<ReturnTarget> ReturnTargets { get; internal init; } = [];
    /// <summary>When true a denial here is recorded but does not deny the case.</summary>
    public bool AdvisoryDenial { get; internal init; }
}
