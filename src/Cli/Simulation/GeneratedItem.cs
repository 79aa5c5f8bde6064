using OneStop.Definitions;

namespace OneStop.Cli.Simulation;

/// <summary>What the simulator knows about one generated item, beside its YAML text.</summary>
/// <param name="Code">Catalogue code.</param>
/// <param name="Kind">Item kind.</param>
/// <param name="Department">Department index (0-based).</param>
/// <param name="Variant">The flow construct (promised items; joint items always run a parallel and a subcase).</param>
/// <param name="Path">The file name it is loaded as.</param>
/// <param name="Yaml">The definition text.</param>
internal sealed record GeneratedItem(string Code, ItemKind Kind, int Department, FlowVariant? Variant, string Path, string Yaml)
{
    /// <summary>True when the flow starts a subcase (the driver accepts the child case).</summary>
    public bool HasSubcase => Kind == ItemKind.Joint || Variant == FlowVariant.Subcase;
}
