using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Makes a file's written data durable. On Linux through <c>fdatasync</c>, which flushes the data and the
/// metadata needed to read it back (the file's size and blocks, so an appended WAL is covered) but not its timestamps:
/// a WAL overwritten in place then costs no journal commit per sync, where <c>fsync</c> commits the inode's new mtime
/// every time. This is what SQLite itself calls on Linux when built with <c>HAVE_FDATASYNC</c>. Elsewhere the
/// framework's flush (<c>fsync</c>, <c>F_FULLFSYNC</c> on macOS).</summary>
internal static partial class FileDataSync
{
    private const int Interrupted = 4;

    /// <summary>Flushes <paramref name="file"/>'s data to the disk.</summary>
    /// <exception cref="IOException">The flush failed.</exception>
    public static void Flush(SafeFileHandle file)
    {
        if (!OperatingSystem.IsLinux())
        {
            RandomAccess.FlushToDisk(file);
            return;
        }
        var added = false;
        file.DangerousAddRef(ref added);
        try
        {
            var fd = (int)file.DangerousGetHandle();
            while (fdatasync(fd) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != Interrupted) throw new IOException($"fdatasync failed (errno {errno}).", errno);
            }
        }
        finally
        {
            if (added) file.DangerousRelease();
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fdatasync(int fd);
}
