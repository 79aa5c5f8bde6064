using System.Collections.Frozen;
using OneStop.Definitions.Flow;

namespace OneStop.Definitions.Loading;

/// <summary>The fixed words of the language (kebab-case) and the values they stand for.</summary>
internal static class Words
{
    public static readonly FrozenDictionary<string, ItemKind> Kind = new Dictionary<string, ItemKind>
    {
        ["immediate"] = ItemKind.Immediate, ["promised"] = ItemKind.Promised, ["joint"] = ItemKind.Joint, ["referred"] = ItemKind.Referred,
    }.ToFrozenDictionary();

    public static readonly FrozenDictionary<string, FieldType> FieldType = new Dictionary<string, FieldType>
    {
        ["string"] = Definitions.FieldType.String, ["int"] = Definitions.FieldType.Int, ["decimal"] = Definitions.FieldType.Decimal,
        ["bool"] = Definitions.FieldType.Bool, ["date"] = Definitions.FieldType.Date, ["choice"] = Definitions.FieldType.Choice,
        ["list"] = Definitions.FieldType.List,
    }.ToFrozenDictionary();

    public static readonly FrozenDictionary<string, ApproverMode> Mode = new Dictionary<string, ApproverMode>
    {
        ["all"] = ApproverMode.All, ["any"] = ApproverMode.Any, ["vote"] = ApproverMode.Vote, ["sequential"] = ApproverMode.Sequential,
    }.ToFrozenDictionary();

    public static readonly FrozenDictionary<string, JoinMode> Join = new Dictionary<string, JoinMode>
    {
        ["all"] = JoinMode.All, ["any"] = JoinMode.Any, ["quorum"] = JoinMode.Quorum,
    }.ToFrozenDictionary();

    public static readonly FrozenDictionary<string, AlertLevel> Level = new Dictionary<string, AlertLevel>
    {
        ["reminder"] = AlertLevel.Reminder, ["yellow"] = AlertLevel.Yellow, ["red"] = AlertLevel.Red,
    }.ToFrozenDictionary();

    public static readonly FrozenDictionary<string, TimeoutAction> Timeout = new Dictionary<string, TimeoutAction>
    {
        ["notify"] = TimeoutAction.Notify, ["escalate"] = TimeoutAction.Escalate, ["auto-pass"] = TimeoutAction.AutoPass,
        ["deemed-approved"] = TimeoutAction.DeemedApproved,
    }.ToFrozenDictionary();

    public static readonly FrozenDictionary<string, SpecialProcedureKind> SpecialProcedure = new Dictionary<string, SpecialProcedureKind>
    {
        ["hearing"] = SpecialProcedureKind.Hearing, ["tendering"] = SpecialProcedureKind.Tendering, ["auction"] = SpecialProcedureKind.Auction,
        ["testing"] = SpecialProcedureKind.Testing, ["inspection"] = SpecialProcedureKind.Inspection, ["quarantine"] = SpecialProcedureKind.Quarantine,
        ["appraisal"] = SpecialProcedureKind.Appraisal, ["expert-review"] = SpecialProcedureKind.ExpertReview,
        ["site-inspection"] = SpecialProcedureKind.SiteInspection, ["technical-review"] = SpecialProcedureKind.TechnicalReview,
    }.ToFrozenDictionary();

    /// <summary>Return target keywords; any other word names a step.</summary>
    public const string Previous = "previous";
    public const string Start = "start";
}
