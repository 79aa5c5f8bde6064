using OneStop.Adapters.Sqlite.Internal;

namespace OneStop.Adapters.Sqlite.Tests.Internal;

/// <summary>The WAL-index header as <see cref="WalIndexHeader"/> reads it through its mapping: the bytes the -shm file
/// holds, a new reading after every commit, and a refusal once closed.</summary>
public sealed class WalIndexHeaderTests : IDisposable
{
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    private byte[] FileHeader()
    {
        using var shm = new FileStream(_file.Path + "-shm", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var bytes = new byte[WalIndexHeader.Size];
        shm.ReadExactly(bytes);
        return bytes;
    }

    [Fact]
    public async Task TryRead_GivesTheFilesHeaderAfterEachCommit_AndThrowsOnceDisposed()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        var header = WalIndexHeader.TryOpen(_file.Path);
        Assert.NotNull(header);
        var first = new byte[WalIndexHeader.Size];
        Assert.True(header.TryRead(first));
        Assert.Equal(FileHeader(), first);

        using (var connection = _file.Connect())
        {
            SqliteSchema.Execute(connection, "CREATE TABLE probe (x); INSERT INTO probe VALUES (1)");
        }
        var second = new byte[WalIndexHeader.Size];
        Assert.True(header.TryRead(second));
        Assert.Equal(FileHeader(), second);
        Assert.NotEqual(first, second);

        header.Dispose();
        Assert.Throws<ObjectDisposedException>(() => header.TryRead(new byte[WalIndexHeader.Size]));
    }
}
