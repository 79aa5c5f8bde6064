using System.Collections.Immutable;

namespace OneStop.Definitions;

/// <summary>The eight public elements (项目八公开) that are not modelled elsewhere: name, materials and
/// the promised limit live on <see cref="ItemDefinition"/>.</summary>
public sealed class PublicElements
{
    /// <summary>Legal basis (设定依据).</summary>
    public ImmutableArray<string> Basis { get; internal init; } = [];
    /// <summary>Conditions for approval (申请条件), as published text.</summary>
    public ImmutableArray<string> Conditions { get; internal init; } = [];
    /// <summary>Procedure (办理程序), as published text; the flow is the executable form.</summary>
    public ImmutableArray<string> Procedure { get; internal init; } = [];
    /// <summary>Fees; empty means free (不收费).</summary>
    public ImmutableArray<FeeItem> Fees { get; internal init; } = [];
    /// <summary>Window authority (受理/办理机关, 窗口).</summary>
    public string? WindowAuthority { get; internal init; }
    /// <summary>True when the item charges nothing.</summary>
    public bool IsFree => Fees.IsEmpty;
}
