using OneStop.Definitions.Expressions;

namespace OneStop.Definitions;

/// <summary>A material (申请材料), possibly required only when a condition holds.</summary>
public sealed class MaterialDefinition
{
    /// <summary>Material id, used by <c>has('id')</c>.</summary>
    public string Id { get; internal init; } = "";
    /// <summary>Name as published in the guide.</summary>
    public string Name { get; internal init; } = "";
    /// <summary>Whether it is mandatory (when its condition holds). Default true.</summary>
    public bool Required { get; internal init; } = true;
    /// <summary>Condition under which the material is needed; null means always.</summary>
    public CompiledExpression? When { get; internal init; }
    /// <summary>Form of submission, e.g. 原件 / 复印件 / 电子.</summary>
    public string? Form { get; internal init; }
    /// <summary>Number of copies.</summary>
    public int Copies { get; internal init; } = 1;
    /// <summary>Notes for the applicant.</summary>
    public string? Note { get; internal init; }
    /// <summary>Where it was declared.</summary>
    public SourceSpan? Span { get; internal init; }
}
