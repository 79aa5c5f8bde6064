using System.IO.MemoryMappedFiles;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>A read-only view of the header of the database's WAL index (the <c>-shm</c> file), which every connection,
/// in any process, rewrites when it commits (its change counter, frame count and checksums change). Two equal readings
/// therefore mean that nothing was committed in between. The layout is SQLite's documented file format: the 48-byte
/// header is kept twice, at offsets 0 and 48; a committing connection writes the second copy, then the first, so a
/// reading whose copies differ was taken mid-update and proves nothing.</summary>
internal sealed class WalIndexHeader : IDisposable
{
    /// <summary>Bytes in one copy of the header.</summary>
    public const int Size = 48;

    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;

    private WalIndexHeader(MemoryMappedFile file, MemoryMappedViewAccessor view)
    {
        _file = file;
        _view = view;
    }

    /// <summary>Maps the WAL index of the database at <paramref name="databasePath"/>; null when it cannot be mapped (no
    /// index yet, or not a file the process may read), in which case a caller simply never trusts a reading.</summary>
    public static WalIndexHeader? TryOpen(string databasePath)
    {
        var path = databasePath + "-shm";
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < 2 * Size)
            {
                stream.Dispose();
                return null;
            }
            var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            return new WalIndexHeader(file, file.CreateViewAccessor(0, 2 * Size, MemoryMappedFileAccess.Read));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Reads the header into <paramref name="into"/> (<see cref="Size"/> bytes); false when its two copies
    /// differ (a commit is being published) or it is not initialised.</summary>
    public unsafe bool TryRead(Span<byte> into)
    {
        // One reference on the mapping for the whole reading, not one per 8 bytes: the accessor's ReadInt64 takes and
        // drops the view's handle (two interlocked operations) and checks bounds on every call, 12 calls per reading, and
        // every command's case read takes one reading (CommittedRows.TryGet). The reference also keeps the mapping alive
        // while a closing store disposes it; once closed, AcquirePointer throws ObjectDisposedException as the accessor did.
        var handle = _view.SafeMemoryMappedViewHandle;
        byte* start = null;
        handle.AcquirePointer(ref start);
        try
        {
            var header = start + _view.PointerOffset;
            Span<byte> second = stackalloc byte[Size];
            // The same order as SQLite's readers: the first copy, a barrier, then the second.
            Read(header, into);
            Interlocked.MemoryBarrier();
            Read(header + Size, second);
            // Byte 12 is isInit: an index being rebuilt (recovery) says nothing about what is committed.
            return into[12] != 0 && into.SequenceEqual(second);
        }
        finally
        {
            handle.ReleasePointer();
        }
    }

    private static unsafe void Read(byte* from, Span<byte> into)
    {
        // Aligned 8-byte loads (the mapping starts on a page), as the accessor made them; volatile, so none is cached or merged.
        for (var i = 0; i < into.Length; i += sizeof(long))
        {
            BitConverter.TryWriteBytes(into[i..], Volatile.Read(ref *(long*)(from + i)));
        }
    }

    public void Dispose()
    {
        _view.Dispose();
        _file.Dispose();
    }
}
