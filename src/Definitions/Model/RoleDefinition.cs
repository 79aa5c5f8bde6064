namespace OneStop.Definitions;

/// <summary>A role declared by an item (or the catalogue's <c>roles.yaml</c>).</summary>
/// <param name="Id">Role id used by steps, e.g. <c>edu.licensing</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="Department">Department the role belongs to, when fixed.</param>
public sealed record RoleDefinition(string Id, string? Name, string? Department);
