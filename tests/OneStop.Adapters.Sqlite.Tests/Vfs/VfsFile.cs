using System.Runtime.InteropServices;
using System.Text;
using OneStop.Adapters.Sqlite.Vfs;

namespace OneStop.Adapters.Sqlite.Tests.Vfs;

/// <summary>A file opened through a VFS's C entry points (the coalescing VFS unless told), as SQLite would.</summary>
internal sealed unsafe class VfsFile : IDisposable
{
    private readonly SqliteFileNative* _file;
    private readonly byte* _name;
    private bool _closed;

    public VfsFile(string path, int flags, SqliteVfsNative* vfs = null)
    {
        CoalescingVfs.EnsureRegistered();
        var vfsName = Encoding.UTF8.GetBytes(CoalescingVfs.Name + "\0");
        fixed (byte* n = vfsName) Vfs = vfs != null ? vfs : SqliteVfsInterop.sqlite3_vfs_find(n);
        if (Vfs == null) throw new InvalidOperationException("VFS not found.");
        // SQLite's filenames end with extra NULs (URI parameters follow the name); give the same shape.
        var bytes = Encoding.UTF8.GetBytes(path + "\0\0\0\0");
        _name = (byte*)NativeMemory.Alloc((nuint)bytes.Length);
        bytes.CopyTo(new Span<byte>(_name, bytes.Length));
        _file = (SqliteFileNative*)NativeMemory.AllocZeroed((nuint)Vfs->szOsFile);
        int outFlags;
        var rc = Vfs->xOpen(Vfs, _name, _file, flags, &outFlags);
        if (rc != 0) throw new InvalidOperationException($"xOpen failed: {rc}");
    }

    public const int WalFlags = SqliteVfsInterop.OpenWal | 0x2 /* READWRITE */ | 0x4 /* CREATE */;

    public SqliteVfsNative* Vfs { get; }

    public SqliteIoMethodsNative* Methods => _file->pMethods;

    public int Write(byte[] data, long offset)
    {
        fixed (byte* d = data) return _file->pMethods->xWrite(_file, d, data.Length, offset);
    }

    public byte[] Read(int length, long offset)
    {
        var data = new byte[length];
        int rc;
        fixed (byte* d = data) rc = _file->pMethods->xRead(_file, d, length, offset);
        if (rc != 0) throw new InvalidOperationException($"xRead failed: {rc}");
        return data;
    }

    public int Sync(int flags = 2 /* SQLITE_SYNC_NORMAL */) => _file->pMethods->xSync(_file, flags);

    /// <summary>The file as SQLite holds it.</summary>
    public SqliteFileNative* Native => _file;

    public long Size()
    {
        long size;
        var rc = _file->pMethods->xFileSize(_file, &size);
        if (rc != 0) throw new InvalidOperationException($"xFileSize failed: {rc}");
        return size;
    }

    public int Truncate(long size) => _file->pMethods->xTruncate(_file, size);

    public int Close()
    {
        _closed = true;
        return _file->pMethods->xClose(_file);
    }

    public void Dispose()
    {
        if (!_closed) Close();
        NativeMemory.Free(_file);
        NativeMemory.Free(_name);
    }
}
