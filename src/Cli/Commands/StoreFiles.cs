using OneStop.Adapters.Sqlite;
using OneStop.Engine;

namespace OneStop.Cli.Commands;

/// <summary>Opens an existing store file for the supervision commands (stats, verify), with one message per problem.</summary>
internal static class StoreFiles
{
    /// <summary>Opens <paramref name="path"/>, or writes why not to <paramref name="error"/> and returns null.</summary>
    public static SqliteCaseStore? Open(string command, string path, TextWriter error)
    {
        if (!File.Exists(path))
        {
            error.WriteLine($"onestop {command}: {path}: no such file");
            return null;
        }
        try
        {
            return SqliteCaseStore.Open(path, new SqliteStoreOptions { CreateIfMissing = false });
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
