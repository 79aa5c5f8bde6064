using OneStop.Definitions.Flow;
using OneStop.Definitions.Loading;

namespace OneStop.Definitions.Validation;

/// <summary>Return (退回) rules: a step may return to <c>previous</c>, <c>start</c>, or a named step that comes
/// earlier as a direct child of the same or an enclosing sequence — never into a block it is not inside
/// (a sibling branch, a choose branch that may not have run) and never forward.</summary>
internal static class ReturnRules
{
    /// <summary>Resolves a target against the steps in scope (earlier direct-child steps of the enclosing
    /// sequences, innermost last). Reports previous/start errors; returns null for named steps not in scope.</summary>
    public static ReturnTarget? Resolve(DiagnosticBag d, List<List<StepDefinition>> scopes, string target, SourceSpan span, string stepId)
    {
        switch (target)
        {
            case Words.Previous:
                for (var i = scopes.Count - 1; i >= 0; i--)
                {
                    if (scopes[i].Count > 0) return new ReturnTarget(ReturnTargetKind.Previous, scopes[i][^1].Id);
                }
                d.Error(DiagnosticCodes.NoPreviousStep, $"step '{stepId}' cannot return to 'previous': no step comes before it in its sequence or an enclosing one", span);
                return null;
            case Words.Start:
                if (scopes.Count > 0 && scopes[0].Count > 0) return new ReturnTarget(ReturnTargetKind.Start, scopes[0][0].Id);
                d.Error(DiagnosticCodes.NoPreviousStep, $"step '{stepId}' cannot return to 'start': the flow has no step before it (start is the first step of the flow)", span);
                return null;
        }
        foreach (var scope in scopes)
        {
            foreach (var step in scope)
            {
                if (step.Id == target) return new ReturnTarget(ReturnTargetKind.Step, target);
            }
        }
        return null;
    }

    /// <summary>Reports a named target that was not in scope: undefined, later, or inside another block.</summary>
    public static void ReportOutOfScope(DiagnosticBag d, PendingReturn p, IReadOnlyDictionary<string, StepDefinition> steps)
    {
        if (!steps.TryGetValue(p.Target, out var target))
        {
            d.Error(DiagnosticCodes.UndefinedReturnStep,
                $"return target '{p.Target}' of step '{p.StepId}' is not a step of this item; expected previous, start or an earlier step id",
                p.Span, EditDistance.Hint(p.Target, steps.Keys.Concat([Words.Previous, Words.Start])));
            return;
        }
        var why = target.Index >= p.StepIndex
            ? (target.Id == p.StepId ? "it is the step itself" : "it comes later in the flow")
            : "it is inside a block (a parallel or choose branch) that does not enclose this step";
        d.Error(DiagnosticCodes.ReturnOutOfScope,
            $"step '{p.StepId}' cannot return to '{p.Target}': {why}; a return may only go to previous, start or an earlier step of the same or an enclosing sequence",
            p.Span);
    }
}
