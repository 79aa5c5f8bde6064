using System.Globalization;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Supervision.Configuration;
using OneStop.Engine.Supervision.Rules;

namespace OneStop.Engine.Supervision;

/// <summary>Runs the rules in force for a case's item over one commit and adds the alerts to it. The common case —
/// a commit no rule reacts to — is a cached rule-set lookup, one pass over the new events and a bit test per rule,
/// without allocation.</summary>
internal sealed class SupervisionEvaluator(RuleSetCompiler compiler, AlertFactory alerts, WorkingCalendar calendar)
{
    public RuleSetCompiler Compiler => compiler;

    public AlertFactory Alerts => alerts;

    /// <summary>Evaluates a commit; returns the number of alerts raised.</summary>
    public int Evaluate(CommitContext context)
    {
        var set = compiler.For(context.Item);
        if (set.Commit.IsEmpty && set.Custom.IsEmpty) return 0;
        var input = new RuleInput(context, calendar);
        var raised = 0;
        var findings = default(Findings);
        foreach (var rule in set.Commit)
        {
            if ((rule.Triggers & input.Flags) == 0) continue;
            rule.Rule.Check(in input, rule, ref findings);
            for (var k = 0; k < findings.Count; k++)
            {
                var f = findings[k];
                Raise(context, rule.Rule.Id, AlertFactory.Max(rule.Level, f.Level), f.StepId, f.Department, f.Evidence, input.SequenceOf(f.EventIndex));
                raised++;
            }
            findings.Clear();
        }
        if (!set.Custom.IsEmpty) raised += EvaluateCustom(context, set, input);
        return raised;
    }

    private int EvaluateCustom(CommitContext context, RuleSet set, in RuleInput input)
    {
        var facts = new CaseFacts(input);
        var raised = 0;
        foreach (var rule in set.Custom)
        {
            facts.UseBefore(false);
            if (!rule.When.IsTrue(facts)) continue;
            if (context.PreviousVersion > 0)
            {
                facts.UseBefore(true);
                if (rule.When.IsTrue(facts)) continue;
            }
            Raise(context, rule.Id, rule.Level, null, null, rule.Message, context.Case.Version);
            raised++;
        }
        return raised;
    }

    private void Raise(CommitContext context, string ruleId, Definitions.AlertLevel level, string? stepId, string? department, string evidence, long sequence)
    {
        var s = context.Case;
        var id = s.CaseNumber + ":" + ruleId + ":" + sequence.ToString(CultureInfo.InvariantCulture);
        var alert = alerts.Create(id, s.CaseNumber, s.ItemCode, ruleId, level, stepId, department ?? s.Department, context.Actor, evidence, context.Now);
        context.AddAlert(alert);
        context.AddOutbox(AlertFactory.Channel, nameof(AlertStatus.Raised), AlertFactory.Payload(alert));
    }
}
