using System.Collections.Immutable;

namespace OneStop.Engine;

/// <summary>The action is not legal for the case in its current state (or a legal guard refused it).
/// Nothing was changed.</summary>
public sealed class IllegalActionException : OneStopException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="caseNumber">The case.</param>
    /// <param name="state">Its current state.</param>
    /// <param name="action">The refused action.</param>
    /// <param name="allowedActions">What the state allows.</param>
    /// <param name="detail">Why a guard refused an action the state allows; null when the state itself forbids it.</param>
    public IllegalActionException(string caseNumber, CaseState state, CaseAction action, ImmutableArray<CaseAction> allowedActions, string? detail = null)
        : base(Format(caseNumber, state, action, allowedActions, detail))
    {
        CaseNumber = caseNumber;
        State = state;
        Action = action;
        AllowedActions = allowedActions;
        Detail = detail;
    }

    /// <summary>The case.</summary>
    public string CaseNumber { get; }
    /// <summary>The state the case is in.</summary>
    public CaseState State { get; }
    /// <summary>The refused action.</summary>
    public CaseAction Action { get; }
    /// <summary>Actions the current state allows.</summary>
    public ImmutableArray<CaseAction> AllowedActions { get; }
    /// <summary>Why a guard refused the action (e.g. a second extension); null when the state forbids it.</summary>
    public string? Detail { get; }

    private static string Format(string caseNumber, CaseState state, CaseAction action, ImmutableArray<CaseAction> allowed, string? detail)
    {
        var list = allowed.IsDefaultOrEmpty ? "none (the case is closed)" : string.Join(", ", allowed);
        return detail is null
            ? $"Case {caseNumber} is {state}: {action} is not allowed. Allowed actions: {list}."
            : $"Case {caseNumber} is {state}: {action} was refused: {detail}. Allowed actions: {list}.";
    }
}
