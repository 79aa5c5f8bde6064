using System.Collections.Immutable;

namespace OneStop.Definitions.Loading;

/// <summary>The keys the loader accepts in each kind of mapping. The JSON Schema's <c>$defs</c> carry the
/// same names (a test keeps both in step), and docs/definitions.md documents each key.</summary>
internal static class KeyTables
{
    public static readonly ImmutableArray<string> Item =
        ["item", "version", "name", "department", "kind", "basis", "conditions", "procedure", "fees", "window", "roles", "form", "materials", "time", "flow", "supervision"];
    public static readonly ImmutableArray<string> RolesFile = ["roles"];
    public static readonly ImmutableArray<string> Role = ["name", "department"];
    public static readonly ImmutableArray<string> Field = ["type", "label", "required", "options"];
    public static readonly ImmutableArray<string> Material = ["id", "name", "required", "when", "form", "copies", "note"];
    public static readonly ImmutableArray<string> Fee = ["name", "amount", "basis"];
    public static readonly ImmutableArray<string> Time =
        ["statutory", "promised", "extension", "review", "delivery", "correction-notice", "legal-override", "warnings", "on-timeout"];
    public static readonly ImmutableArray<string> Warning = ["level", "remaining", "used"];
    public static readonly ImmutableArray<string> OnTimeout = ["action", "to"];
    public static readonly ImmutableArray<string> Step =
        ["step", "name", "role", "department", "limit", "when", "special-procedure", "mode", "approvers", "count", "vote", "weights", "return-to", "advisory", "on-timeout"];
    public static readonly ImmutableArray<string> Approver = ["role", "department", "weight"];
    public static readonly ImmutableArray<string> Vote = ["ratio", "count", "abstain-counts"];
    public static readonly ImmutableArray<string> SpecialProcedure = ["kind", "budget"];
    public static readonly ImmutableArray<string> Parallel = ["id", "when", "join", "quorum", "veto", "lead", "branches"];
    public static readonly ImmutableArray<string> ChooseBranch = ["when", "flow"];
    public static readonly ImmutableArray<string> ChooseOtherwise = ["otherwise"];
    public static readonly ImmutableArray<string> Subcase = ["id", "when", "item", "version", "map", "required"];
    public static readonly ImmutableArray<string> Service = ["id", "when", "handler", "attempts", "limit"];
    public static readonly ImmutableArray<string> SupervisionRule = ["enabled", "level", "parameters"];

    public static readonly ImmutableArray<string> ParallelEntry = ["parallel"];
    public static readonly ImmutableArray<string> ChooseEntry = ["choose"];
    public static readonly ImmutableArray<string> SubcaseEntry = ["subcase"];
    public static readonly ImmutableArray<string> ServiceEntry = ["service"];

    /// <summary>The construct keys that start a flow entry.</summary>
    public static readonly ImmutableArray<string> FlowEntry = ["step", "parallel", "choose", "subcase", "service"];

    /// <summary>Every table by the name used in the JSON Schema's <c>$defs</c>.</summary>
    public static readonly ImmutableDictionary<string, ImmutableArray<string>> ByName = new Dictionary<string, ImmutableArray<string>>
    {
        ["item"] = Item, ["rolesFile"] = RolesFile, ["role"] = Role, ["field"] = Field, ["material"] = Material, ["fee"] = Fee,
        ["time"] = Time, ["warning"] = Warning, ["onTimeout"] = OnTimeout, ["step"] = Step, ["approver"] = Approver,
        ["vote"] = Vote, ["specialProcedure"] = SpecialProcedure, ["parallel"] = Parallel, ["chooseBranch"] = ChooseBranch,
        ["chooseOtherwise"] = ChooseOtherwise, ["subcase"] = Subcase, ["service"] = Service, ["supervisionRule"] = SupervisionRule,
        ["parallelEntry"] = ParallelEntry, ["chooseEntry"] = ChooseEntry, ["subcaseEntry"] = SubcaseEntry, ["serviceEntry"] = ServiceEntry,
    }.ToImmutableDictionary();
}
