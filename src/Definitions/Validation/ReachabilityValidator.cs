using System.Collections.Immutable;
using OneStop.Definitions.Flow;
using OneStop.Definitions.Loading;

namespace OneStop.Definitions.Validation;

/// <summary>Finds flow that can never run: a choose branch or otherwise after an always-true branch, a branch
/// or node whose condition is always false.</summary>
internal static class ReachabilityValidator
{
    public static void Check(DiagnosticBag d, ImmutableArray<FlowNode> nodes)
    {
        foreach (var node in nodes)
        {
            if (node.When is { } when && ConstantCondition.ValueOf(when) == false)
            {
                d.Error(DiagnosticCodes.UnreachableBranch, $"'{node.Id}' can never run: its condition '{when.Text}' is always false", node.Span);
            }
            if (node is not ChooseDefinition choose) continue;
            string? alwaysTrue = null;
            var alwaysTrueLine = 0;
            foreach (var branch in choose.Branches)
            {
                if (alwaysTrue is not null)
                {
                    d.Error(DiagnosticCodes.UnreachableBranch, $"this choose branch can never run: an earlier branch's condition '{alwaysTrue}' is always true", branch.Flow.Span);
                    continue;
                }
                switch (ConstantCondition.ValueOf(branch.Condition))
                {
                    case true:
                        alwaysTrue = branch.Condition.Text;
                        alwaysTrueLine = branch.Flow.Span?.Line ?? 0;
                        break;
                    case false:
                        d.Error(DiagnosticCodes.UnreachableBranch, $"this choose branch can never run: its condition '{branch.Condition.Text}' is always false", branch.Flow.Span);
                        break;
                }
            }
            // An otherwise written before the always-true branch is already reported as misplaced.
            if (alwaysTrue is not null && choose.Otherwise is { } otherwise && (otherwise.Span?.Line ?? 0) > alwaysTrueLine)
            {
                d.Error(DiagnosticCodes.UnreachableBranch, $"'otherwise' can never run: an earlier branch's condition '{alwaysTrue}' is always true", otherwise.Span);
            }
        }
    }
}
