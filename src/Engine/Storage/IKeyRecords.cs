namespace OneStop.Engine.Storage;

/// <summary>Records a <see cref="KeyTable{TValue}"/>'s keys may name instead of entries of its own: each gives its key's
/// text and the value kept for it.</summary>
internal interface IKeyRecords<TValue>
{
    /// <summary>The key text of record <paramref name="record"/>.</summary>
    TextRef KeyOf(int record);

    /// <summary>The value kept for record <paramref name="record"/>'s key.</summary>
    TValue ValueOf(int record);
}
