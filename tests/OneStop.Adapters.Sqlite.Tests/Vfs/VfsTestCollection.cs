namespace OneStop.Adapters.Sqlite.Tests.Vfs;

/// <summary>The VFS tests read process-wide write counters, so they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class VfsTestCollection
{
    public const string Name = "Coalescing VFS";
}
