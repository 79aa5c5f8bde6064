namespace OneStop.Engine.Storage;

/// <summary>Which open tasks to list: those assigned to <see cref="Actor"/>, or unassigned ones whose role or
/// department is among the actor's.</summary>
/// <param name="Actor">The actor.</param>
/// <param name="Roles">The actor's roles.</param>
/// <param name="Departments">The actor's departments.</param>
/// <param name="Offset">Rows to skip.</param>
/// <param name="Limit">Page size.</param>
public sealed record TaskQuery(string Actor, IReadOnlyList<string> Roles, IReadOnlyList<string> Departments, int Offset = 0, int Limit = 50);
