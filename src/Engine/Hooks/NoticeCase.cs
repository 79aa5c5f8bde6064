namespace OneStop.Engine;

/// <summary>The case columns every <see cref="Notification"/> repeats (case, item, item name, applicant), in one object
/// the notices of a case share. A shared one (the engine's, cached on the case) never changes; one a notice made for
/// itself while its init accessors ran (deserialization, object initializers) is that notice's alone and is filled in
/// place (see <see cref="Owned"/>), so such a notice costs one object for the four, not one per field.</summary>
internal sealed class NoticeCase : IEquatable<NoticeCase>
{
    /// <summary>The columns of a notice before its initializers ran (shared: copied before any change).</summary>
    public static readonly NoticeCase Blank = new("", "", null, null);

    private NoticeCase? _withoutApplicant;
    // The notice that fills this object in place while it is built (null: shared, never changed).
    private object? _owner;

    public NoticeCase(string caseNumber, string itemCode, string? itemName, string? applicant)
    {
        CaseNumber = caseNumber;
        ItemCode = itemCode;
        ItemName = itemName;
        Applicant = applicant;
    }

    // Set only on an object a notice owns (see Owned).
    public string CaseNumber { get; set; }
    public string ItemCode { get; set; }
    public string? ItemName { get; set; }
    public string? Applicant { get; set; }

    /// <summary>True unless a notice or row owns this object (fills it in place while it is built): a shared one never changes.</summary>
    public bool IsShared => _owner is null;

    /// <summary>The same columns without the applicant (a staff notice's), shared as this object is.</summary>
    public NoticeCase WithoutApplicant => Applicant is null ? this : _withoutApplicant ??= new NoticeCase(CaseNumber, ItemCode, ItemName, null);

    /// <summary><paramref name="current"/> when <paramref name="owner"/> owns it, else a copy it owns (to fill in place).</summary>
    public static NoticeCase Owned(NoticeCase current, object owner) =>
        ReferenceEquals(current._owner, owner) ? current : new NoticeCase(current.CaseNumber, current.ItemCode, current.ItemName, current.Applicant) { _owner = owner };

    /// <inheritdoc />
    public bool Equals(NoticeCase? other) =>
        other is not null && (ReferenceEquals(this, other)
            || (string.Equals(CaseNumber, other.CaseNumber, StringComparison.Ordinal) && string.Equals(ItemCode, other.ItemCode, StringComparison.Ordinal)
                && string.Equals(ItemName, other.ItemName, StringComparison.Ordinal) && string.Equals(Applicant, other.Applicant, StringComparison.Ordinal)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as NoticeCase);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CaseNumber, ItemCode, ItemName, Applicant);
}
