namespace OneStop.Engine;

/// <summary>The catalogue has no such item or version, or a case's pinned definition cannot be found.</summary>
public sealed class ItemNotFoundException : OneStopException
{
    /// <summary>Creates the exception.</summary>
    public ItemNotFoundException(string itemCode, int? version, string? detail = null)
        : base($"Item {itemCode}{(version is null ? "" : "@" + version)} is not in the catalogue{(detail is null ? "." : ": " + detail)}")
    {
        ItemCode = itemCode;
        Version = version;
    }

    /// <summary>The item code.</summary>
    public string ItemCode { get; }
    /// <summary>The version asked for, if any.</summary>
    public int? Version { get; }
}
