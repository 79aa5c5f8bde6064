using Microsoft.Data.Sqlite;
using OneStop.Engine;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Maps provider errors to <see cref="StoreException"/>, keeping the provider's exception as inner.</summary>
internal static class SqliteErrors
{
    private const int Busy = 5;
    private const int Locked = 6;

    public static StoreException ToStoreException(SqliteException ex, string operation)
    {
        var transient = ex.SqliteErrorCode is Busy or Locked;
        return new StoreException(
            $"SQLite store failed to {operation}: {ex.Message} (SQLite error {ex.SqliteErrorCode}, extended {ex.SqliteExtendedErrorCode}).",
            transient, ex);
    }

    /// <summary>Passes typed OneStop and argument errors through; wraps provider errors.</summary>
    public static Exception Wrap(Exception ex, string operation) => ex switch
    {
        SqliteException sqlite => ToStoreException(sqlite, operation),
        _ => ex,
    };
}
