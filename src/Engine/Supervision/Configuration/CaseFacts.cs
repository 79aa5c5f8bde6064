using System.Collections.Immutable;
using OneStop.Definitions.Expressions;
using OneStop.Engine.Flow;
using OneStop.Engine.Supervision.Rules;

namespace OneStop.Engine.Supervision.Configuration;

/// <summary>The facts custom rules may use, as an <see cref="ExpressionSchema"/>, and their values for a case just
/// before and just after a commit. A custom rule fires when its condition turns true (false before, true after), so
/// it is raised once per case and change, not on every later command.</summary>
internal sealed class CaseFacts : IExpressionInput
{
    // Slots, in schema order.
    private const int State = 0, Kind = 1, Outcome = 2, Item = 3, Department = 4, Returns = 5, Corrections = 6, Extended = 7,
        Suspended = 8, Fee = 9, ElapsedDays = 10, Actor = 11;

    private static readonly string[] StateWords = ["submitted", "correcting", "in-progress", "suspended", "decided", "concluded", "rejected", "withdrawn", "terminated"];
    private static readonly string[] KindWords = ["immediate", "promised", "joint", "referred"];
    private static readonly string[] OutcomeWords = ["approved", "denied", "deemed-approved"];

    /// <summary>The schema: names, types and (for words) the allowed values.</summary>
    public static ExpressionSchema Schema { get; } = ExpressionSchema.Create(
    [
        ("case.state", ValueKind.String, [.. StateWords]),
        ("case.kind", ValueKind.String, [.. KindWords]),
        ("case.outcome", ValueKind.String, [.. OutcomeWords]),
        ("case.item", ValueKind.String, default),
        ("case.department", ValueKind.String, default),
        ("case.returns", ValueKind.Int, default),
        ("case.corrections", ValueKind.Int, default),
        ("case.extended", ValueKind.Bool, default),
        ("case.suspended", ValueKind.Bool, default),
        ("case.fee", ValueKind.Decimal, default),
        ("case.elapsed_days", ValueKind.Int, default),
        ("actor", ValueKind.String, default),
    ], []);

    private readonly RuleInput _input;
    private bool _before;

    public CaseFacts(in RuleInput input) => _input = input;

    /// <summary>Switches between the values before the commit and after it.</summary>
    public void UseBefore(bool before) => _before = before;

    /// <inheritdoc />
    public DateOnly Today => DateOnly.FromDateTime(_input.Context.Now.UtcDateTime);

    /// <inheritdoc />
    public bool HasMaterial(int index) => false;

    /// <inheritdoc />
    public Value GetField(int slot)
    {
        var c = _input.Context;
        CaseSnapshot s = c.Case;
        var decidedNow = (_input.Flags & Trigger.Decided) != 0;
        var deliveredNow = (_input.Flags & Trigger.Delivered) != 0;
        return slot switch
        {
            State => Value.FromString(StateWords[(int)(_before ? c.PreviousState : s.State)]),
            Kind => Value.FromString(KindWords[(int)s.Kind]),
            Outcome => s.Outcome is { } o && !(_before && decidedNow) ? Value.FromString(OutcomeWords[(int)o]) : Value.Null,
            Item => Value.FromString(s.ItemCode),
            Department => Value.FromString(s.Department),
            Returns => Value.FromInt(_before ? s.Returns - _input.ReturnsAdded : s.Returns),
            Corrections => Value.FromInt(_before ? s.CorrectionNotices - _input.CorrectionsAdded : s.CorrectionNotices),
            Extended => Value.FromBool(s.Extended && !(_before && (_input.Flags & Trigger.Extended) != 0)),
            Suspended => Value.FromBool((_before ? c.PreviousState : s.State) == CaseState.Suspended),
            Fee => s.Fee is { } f && !(_before && deliveredNow) ? Value.FromDecimal(f) : Value.Null,
            ElapsedDays => c.PreviousVersion == 0 && _before ? Value.Null : Value.FromInt((long)(c.Now - s.SubmittedAt).TotalDays),
            Actor => Value.FromString(c.Actor),
            _ => Value.Null,
        };
    }

    /// <summary>The fact names, for docs and did-you-mean.</summary>
    public static ImmutableArray<string> Names => [.. Schema.Fields.Select(f => f.Path)];
}
