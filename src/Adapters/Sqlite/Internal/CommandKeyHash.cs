using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Schema 13: the 48-bit hash of an idempotency key that <c>ix_commands_hash</c> indexes in place of the key's
/// text. It is part of the stored format and never changes: FNV-1a (64-bit) over the key's UTF-8 bytes (as
/// <see cref="RawStatement.Text"/> binds it: <see cref="Encoding.UTF8"/>, a lone surrogate as U+FFFD), then MurmurHash3's
/// 64-bit finalizer, and its top 48 bits as a signed integer (−2⁴⁷ … 2⁴⁷ − 1), which SQLite stores in 6 bytes. Keys
/// that share a hash are told apart by their text: every statement that finds a command compares it.</summary>
internal static class CommandKeyHash
{
    /// <summary>The SQL function the migration to schema 13 computes the hash of existing rows with.</summary>
    public const string SqlFunction = "onestop_command_key_hash";

    /// <summary>Tests only: replaces the hash (collisions on demand). Set only in tests that do not run in parallel.</summary>
    internal static Func<string, long>? Override;

    /// <summary>The hash of <paramref name="key"/>.</summary>
    public static long Of(string key)
    {
        if (Override is { } hook) return hook(key);
        const int stackBytes = 768;
        if (key.Length <= stackBytes / 3)
        {
            Span<byte> buffer = stackalloc byte[stackBytes];
            return Of(buffer[..Encoding.UTF8.GetBytes(key, buffer)]);
        }
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(key.Length));
        try
        {
            return Of(rented.AsSpan(0, Encoding.UTF8.GetBytes(key, rented)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The hash of a key's UTF-8 bytes.</summary>
    public static long Of(ReadOnlySpan<byte> utf8)
    {
        var h = 0xcbf29ce484222325UL;
        foreach (var b in utf8) h = (h ^ b) * 0x100000001b3UL;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        // The top 48 bits, sign-extended: an arithmetic shift of the 64-bit value.
        return (long)h >> 16;
    }

    /// <summary>Makes <see cref="SqlFunction"/> available on <paramref name="connection"/> (the migrations' connection).</summary>
    public static void Register(SqliteConnection connection) =>
        connection.CreateFunction<string, long>(SqlFunction, Of, isDeterministic: true);
}
