namespace OneStop.Engine.Storage;

/// <summary>One page of query results.</summary>
/// <typeparam name="T">Row type.</typeparam>
/// <param name="Items">Rows on this page.</param>
/// <param name="Total">Rows matching in all.</param>
/// <param name="Offset">Offset of the first row.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Offset);
