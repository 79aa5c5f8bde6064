using OneStop.Definitions.Loading;
using OneStop.Definitions.Loading.Yaml;

namespace OneStop.Definitions.Validation;

/// <summary>Checks an item's limits: promised not above statutory; a joint item above 45 workdays needs a legal override.</summary>
internal static class TimeLimitValidator
{
    /// <summary>The joint-item ceiling of Art.42 (45 workdays) unless a law or regulation says otherwise.</summary>
    public const int JointCeilingWorkdays = 45;

    public static void Check(DiagnosticBag d, ItemKind kind, TimeAmount statutory, YNode? statutoryNode, TimeAmount? promised, YNode? promisedNode,
        string? legalOverride)
    {
        if (promised is { } p && Compare(p, statutory) is > 0)
        {
            d.Error(DiagnosticCodes.PromisedExceedsStatutory,
                $"promised limit {p} is longer than the statutory limit {statutory}; a promise may only shorten the law's limit",
                promisedNode!.Span);
        }
        if (kind == ItemKind.Joint && legalOverride is null && Compare(statutory, TimeAmount.Workdays(JointCeilingWorkdays)) is > 0)
        {
            d.Error(DiagnosticCodes.JointLimitTooLong,
                $"joint item limit {statutory} exceeds {JointCeilingWorkdays} workdays (行政许可法 Art.42); cite the law that allows it under time.legal-override",
                statutoryNode?.Span);
        }
    }

    /// <summary>Compares two amounts when their units are comparable: both working time (8 working hours a workday)
    /// or both natural time (24 hours a day). Working and natural time are not comparable without a calendar: null.</summary>
    public static int? Compare(TimeAmount a, TimeAmount b)
    {
        static (long Value, bool Working) Normal(TimeAmount t) => t.Unit switch
        {
            TimeUnit.Workdays => (t.Value * 8L, true),
            TimeUnit.Workhours => (t.Value, true),
            TimeUnit.Days => (t.Value * 24L, false),
            _ => (t.Value, false),
        };
        var (av, aw) = Normal(a);
        var (bv, bw) = Normal(b);
        return aw == bw ? av.CompareTo(bv) : null;
    }
}
