namespace OneStop.Definitions;

/// <summary>A role declared by an item (or the catalogue's <c>roles.yaml</c>).</summary>
/// <param name="Id">Role id used by steps, e.g. <c>edu.licensing</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="Department">Department the role belongs to, when fixed.</param>
public sealed record RoleDefinition(string Id, string? Name, string? Department)
{
    /// <summary>Role id used by steps, e.g. <c>edu.licensing</c>.</summary>
    public string Id { get; internal init; } = Id;
    /// <summary>Display name.</summary>
    public string? Name { get; internal init; } = Name;
    /// <summary>Department the role belongs to, when fixed.</summary>
    public string? Department { get; internal init; } = Department;
}
