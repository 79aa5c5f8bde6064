using Microsoft.Win32.SafeHandles;
using OneStop.Adapters.Sqlite.Internal;

namespace OneStop.Adapters.Sqlite.Tests.Internal;

/// <summary>The WAL's commit sync (<see cref="FileDataSync"/>): fdatasync on Linux, its failures reported.</summary>
public sealed class FileDataSyncTests : IDisposable
{
    private readonly TempFile _file = new(".wal");

    public void Dispose() => _file.Dispose();

    [Fact]
    public void Flush_WrittenAndGrownFile_Succeeds()
    {
        using var handle = File.OpenHandle(_file.Path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        var page = new byte[4096];
        Random.Shared.NextBytes(page);
        for (var i = 0; i < 8; i++) RandomAccess.Write(handle, page, i * (long)page.Length);
        FileDataSync.Flush(handle);
        // Overwritten in place (the size stays), then synced again.
        RandomAccess.Write(handle, page, 0);
        FileDataSync.Flush(handle);
        Assert.Equal(8 * page.Length, RandomAccess.GetLength(handle));
    }

    [Fact]
    public void Flush_NotAnOpenFile_Throws()
    {
        if (!OperatingSystem.IsLinux()) return;
        // A descriptor number nothing has open: fdatasync fails with EBADF, reported, not ignored.
        using var handle = new SafeFileHandle(1_000_000, ownsHandle: false);
        var error = Assert.Throws<IOException>(() => FileDataSync.Flush(handle));
        Assert.Equal(9, error.HResult);
    }

    [Fact]
    public void Flush_ClosedHandle_Throws()
    {
        var handle = File.OpenHandle(_file.Path, FileMode.CreateNew, FileAccess.ReadWrite);
        handle.Dispose();
        Assert.Throws<ObjectDisposedException>(() => FileDataSync.Flush(handle));
    }
}
