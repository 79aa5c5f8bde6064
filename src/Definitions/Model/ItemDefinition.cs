using System.Collections.Frozen;
using System.Collections.Immutable;
using OneStop.Definitions.Expressions;
using OneStop.Definitions.Flow;

namespace OneStop.Definitions;

/// <summary>A compiled, validated, immutable item (事项) version. Shared by every case of that version.</summary>
public sealed class ItemDefinition
{
    /// <summary>Catalogue code (事项编码).</summary>
    public string ItemCode { get; internal init; } = "";
    /// <summary>Version; versions of one item coexist.</summary>
    public int Version { get; internal init; }
    /// <summary>Item name.</summary>
    public string Name { get; internal init; } = "";
    /// <summary>Responsible department.</summary>
    public string Department { get; internal init; } = "";
    /// <summary>Kind.</summary>
    public ItemKind Kind { get; internal init; }
    /// <summary>The remaining public elements (basis, conditions, procedure, fees, window authority).</summary>
    public PublicElements Public { get; internal init; } = new();
    /// <summary>Roles usable by steps.</summary>
    public ImmutableArray<RoleDefinition> Roles { get; internal init; } = [];
    /// <summary>Form fields (一表制) in declaration order.</summary>
    public ImmutableArray<FieldDefinition> Form { get; internal init; } = [];
    /// <summary>The names expressions of this item may use: form fields and material ids.</summary>
    public ExpressionSchema Schema { get; internal init; } = ExpressionSchema.Empty;
    /// <summary>Materials in declaration order.</summary>
    public ImmutableArray<MaterialDefinition> Materials { get; internal init; } = [];
    /// <summary>Time limits.</summary>
    public TimeLimitsDefinition Time { get; internal init; } = new();
    /// <summary>The root sequence of the flow.</summary>
    public SequenceDefinition Flow { get; internal init; } = new();
    /// <summary>Every flow node by <see cref="FlowNode.Index"/>.</summary>
    public ImmutableArray<FlowNode> Nodes { get; internal init; } = [];
    /// <summary>Steps by id.</summary>
    public FrozenDictionary<string, StepDefinition> Steps { get; internal init; } = FrozenDictionary<string, StepDefinition>.Empty;
    /// <summary>Supervision rule overrides for this item.</summary>
    public ImmutableArray<SupervisionOverride> Supervision { get; internal init; } = [];
    /// <summary>Lowercase hex SHA-256 of the normalised source text; pinned by every case.</summary>
    public string ContentHash { get; internal init; } = "";
    /// <summary>The YAML text this definition was compiled from (stored with cases).</summary>
    public string SourceText { get; internal init; } = "";
    /// <summary>The file it was loaded from.</summary>
    public string SourcePath { get; internal init; } = "";

    /// <summary>Formats as <c>code@version</c>.</summary>
    public override string ToString() => $"{ItemCode}@{Version}";
}
