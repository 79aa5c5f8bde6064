namespace OneStop.Engine;

/// <summary>收件: file a new case of an item. The engine pins the item's version and content hash.</summary>
/// <param name="ItemCode">Catalogue code of the item.</param>
/// <param name="Applicant">Applicant name or id.</param>
/// <param name="Actor">Who files it (the applicant, an agent or window staff).</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first case.</param>
public sealed record SubmitCase(string ItemCode, string Applicant, string Actor, string IdempotencyKey)
{
    /// <summary>Item version; null means the latest loaded.</summary>
    public int? ItemVersion { get; init; }

    /// <summary>Form values as invariant text (numbers with '.', dates yyyy-MM-dd, bools true/false, lists comma-separated);
    /// empty (one shared read-only instance) unless set.</summary>
    public IReadOnlyDictionary<string, string> Form { get; init; } = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Ids of the materials handed in.</summary>
    public IReadOnlyList<string> Materials { get; init; } = [];
}
