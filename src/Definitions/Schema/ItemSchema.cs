namespace OneStop.Definitions;

/// <summary>The JSON Schema of the item language (draft 2020-12), for editors and tooling. Also shipped in the
/// package under <c>schema/onestop-item.schema.json</c>.</summary>
public static class ItemSchema
{
    /// <summary>The resource name of the embedded schema.</summary>
    public const string ResourceName = "OneStop.Definitions.onestop-item.schema.json";

    /// <summary>Opens the embedded schema as a stream; the caller disposes it.</summary>
    public static Stream Open()
        => typeof(ItemSchema).Assembly.GetManifestResourceStream(ResourceName)
           ?? throw new InvalidOperationException("The embedded item schema is missing from the assembly.");

    /// <summary>Reads the embedded schema text.</summary>
    public static string ReadText()
    {
        using var reader = new StreamReader(Open());
        return reader.ReadToEnd();
    }
}
