namespace OneStop.Engine.Storage;

/// <summary>A definition text pinned by cases.</summary>
/// <param name="ContentHash">Hash of the text.</param>
/// <param name="ItemCode">Item code.</param>
/// <param name="ItemVersion">Item version.</param>
/// <param name="Text">The YAML source.</param>
public sealed record DefinitionRecord(string ContentHash, string ItemCode, int ItemVersion, string Text);
