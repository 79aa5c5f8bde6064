namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Schema 13 (see <see cref="SqliteSchema"/>): a command's idempotency key is indexed by its 48-bit hash
/// (<see cref="CommandKeyHash"/>, the new <c>key_hash</c> column) in <c>ix_commands_hash</c>, instead of by its text in
/// the unique <c>ux_commands_key</c>. Every commit inserts its command's key into that index at a place the key's text
/// decides (clients' keys: random), so with the text an insert read one of ≈ 8,700 leaves for a 30k simulation (≈ 27
/// bytes a key, ≈ 30 entries a 1 KB leaf): 20 % of the writer's page misses. A hash entry is ≈ 13 bytes, ≈ 65 a leaf.
/// The index is not unique: keys that share a hash are told apart by the row's text, and the writer's insert (one
/// statement, <c>INSERT … WHERE NOT EXISTS</c> the key with its hash) keeps every key once. Existing rows are
/// hashed in place by the SQL function <see cref="CommandKeyHash.SqlFunction"/>, which <see cref="SqliteSchema.Migrate"/>
/// registers.</summary>
internal static class SchemaV13
{
    /// <summary>The migration (appended to <see cref="SqliteSchema"/>'s list).</summary>
    public const string Migration =
        $"""
        ALTER TABLE commands ADD COLUMN key_hash INTEGER NOT NULL DEFAULT 0;
        UPDATE commands SET key_hash = {CommandKeyHash.SqlFunction}(idempotency_key);
        DROP INDEX ux_commands_key;
        CREATE INDEX ix_commands_hash ON commands (key_hash);
        """;

    /// <summary>Records a command (?1 the key's hash, ?2 the key, ?3 the case number, ?4 the result) unless its key is
    /// stored: no row then (a repeat).</summary>
    internal const string InsertCommand =
        "INSERT INTO commands (key_hash, idempotency_key, case_number, result) SELECT ?1, ?2, ?3, ?4 " +
        "WHERE NOT EXISTS (SELECT 1 FROM commands WHERE key_hash = ?1 AND idempotency_key = ?2)";

    /// <summary>A stored command's case number and result (?1 the key's hash, ?2 the key).</summary>
    internal const string FindCommand = "SELECT case_number, result FROM commands WHERE key_hash = ?1 AND idempotency_key = ?2";
}
