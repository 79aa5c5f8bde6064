using OneStop.Adapters.Sqlite;
using OneStop.Engine;

namespace OneStop.Cli.Commands;

/// <summary>Opens an existing store file for the supervision commands (stats, verify), with one message per problem.</summary>
internal static class StoreFiles
{
    /// <summary>Opens <paramref name="path"/>, or writes why not to <paramref name="error"/> and returns null. With
    /// <paramref name="verifyOnOpen"/> false the whole-file <c>quick_check</c> is skipped (the header, schema version and
    /// owner are still checked): it reads every page, minutes on a store of millions of cases, and a read-only command
    /// meets a damaged page it needs as a store error anyway.</summary>
    public static SqliteCaseStore? Open(string command, string path, TextWriter error, bool verifyOnOpen = true)
    {
        if (!File.Exists(path))
        {
            error.WriteLine($"onestop {command}: {path}: no such file");
            return null;
        }
        try
        {
            return SqliteCaseStore.Open(path, new SqliteStoreOptions { CreateIfMissing = false, VerifyOnOpen = verifyOnOpen });
        }
        catch (StoreFileException ex)
        {
            error.WriteLine($"onestop {command}: {ex.Message}");
        }
        catch (StoreException ex)
        {
            error.WriteLine($"onestop {command}: {path}: {ex.Message}");
        }
        return null;
    }
}
