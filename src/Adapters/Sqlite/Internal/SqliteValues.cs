using Microsoft.Data.Sqlite;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Conversions between records and columns: instants are UTC ticks, absent values are NULL.</summary>
internal static class SqliteValues
{
    /// <summary>The paging clause of a page query. A LIMIT or OFFSET that is a bare parameter makes SQLite (the bundled
    /// 3.50) read its bound value while planning and mark the statement to be compiled again whenever it is rebound, so
    /// every execution of a prepared page query parsed and planned it anew (the simulator's case searches and due lists:
    /// 0.2 recompilations per command). Under a unary plus the value is an expression the planner does not look into; it
    /// limits the rows the same way. Every bound LIMIT of the store's reads is written so.</summary>
    public const string Paging = "LIMIT +$limit OFFSET +$offset";

    public static long Ticks(DateTimeOffset value) => value.UtcTicks;

    public static object Ticks(DateTimeOffset? value) => value is { } v ? v.UtcTicks : DBNull.Value;

    public static object OrNull(string? value) => (object?)value ?? DBNull.Value;

    /// <summary>The provider binds only arrays: reuse the caller's array when the memory covers all of it.</summary>
    public static byte[] Blob(ReadOnlyMemory<byte> value) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(value, out var segment)
        && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : value.ToArray();

    public static DateTimeOffset Instant(SqliteDataReader reader, int ordinal) => new(reader.GetInt64(ordinal), TimeSpan.Zero);

    public static DateTimeOffset? InstantOrNull(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Instant(reader, ordinal);

    public static string? StringOrNull(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static byte[] Bytes(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? [] : (byte[])reader.GetValue(ordinal);

    /// <summary>Adds a parameter and returns it, so prepared statements can rebind values cheaply.</summary>
    public static SqliteParameter Param(SqliteCommand command, string name, SqliteType type)
    {
        var p = command.Parameters.Add(name, type);
        return p;
    }
}
