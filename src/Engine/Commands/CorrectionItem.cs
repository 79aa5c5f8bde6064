namespace OneStop.Engine;

/// <summary>One entry of a correction notice (补正告知).</summary>
/// <param name="MaterialId">The material (an id of the item, or free text for something not in the list).</param>
/// <param name="Problem">What is missing or wrong; null means "missing".</param>
public sealed record CorrectionItem(string MaterialId, string? Problem = null);
