using OneStop.Adapters.Sqlite.Vfs;

namespace OneStop.Adapters.Sqlite.Tests.Vfs;

/// <summary>A database file's checkpoint buffer, driven through the VFS's C entry points as a checkpoint drives it: the
/// window opened and closed with SQLite's file controls, the plan's last certain page set by hand.</summary>
[Collection(VfsTestCollection.Name)]
public sealed unsafe class CheckpointBufferTests : IDisposable
{
    private const int CheckpointDone = 37;
    private const int CheckpointStart = 39;
    private const int MainDbFlags = SqliteVfsInterop.OpenMainDb | 0x2 /* READWRITE */ | 0x4 /* CREATE */;
    private const int Page = 1024;

    private readonly TempFile _db = new();

    public void Dispose() => _db.Dispose();

    private VfsFile OpenDatabase() => new(_db.Path, MainDbFlags);

    private static byte[] Pages(int count, int seed)
    {
        var data = new byte[count * Page];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static int Control(VfsFile file, int op) => file.Methods->xFileControl(file.Native, op, null);

    /// <summary>Opens a checkpoint's window on <paramref name="file"/>, as if the plan named the page at
    /// <paramref name="lastCertainOffset"/>.</summary>
    private static void StartCheckpoint(VfsFile file, long lastCertainOffset)
    {
        Control(file, CheckpointStart);
        ((CoalescingFile*)file.Native)->WriteThroughFrom = lastCertainOffset;
    }

    private static void WritePages(VfsFile file, byte[] data, int firstPage, int count)
    {
        for (var page = firstPage; page < firstPage + count; page++)
            Assert.Equal(0, file.Write(data[(page * Page)..((page + 1) * Page)], (long)page * Page));
    }

    private long FileLength => new FileInfo(_db.Path).Length;

    [Fact]
    public void Write_AdjacentPagesInACheckpoint_ReachTheFileAsOneWriteBeforeTheSync()
    {
        using var file = OpenDatabase();
        var data = Pages(8, 1);
        var passedOn = DatabaseIoMethods.PassedOn;
        StartCheckpoint(file, 1 << 20);

        WritePages(file, data, 0, 8);
        Assert.Equal(0, FileLength);

        Assert.Equal(0, file.Sync(0x03 /* SQLITE_SYNC_FULL */));
        Assert.Equal(1, DatabaseIoMethods.PassedOn - passedOn);
        Assert.Equal(data, _db.ReadAll());
        Control(file, CheckpointDone);
    }

    [Fact]
    public void Write_AtTheLastCertainPage_PassesTheRunAndItselfOnAtOnce()
    {
        using var file = OpenDatabase();
        var data = Pages(6, 2);
        var passedOn = DatabaseIoMethods.PassedOn;
        var lateRuns = DatabaseIoMethods.LateRuns;
        StartCheckpoint(file, 4 * Page);

        WritePages(file, data, 0, 4);
        Assert.Equal(0, FileLength);
        WritePages(file, data, 4, 2);

        // Pages 0 to 4 in one write, then page 5 alone: nothing is left for CKPT_DONE.
        Assert.Equal(2, DatabaseIoMethods.PassedOn - passedOn);
        Assert.Equal(data, _db.ReadAll());
        Control(file, CheckpointDone);
        Assert.Equal(lateRuns, DatabaseIoMethods.LateRuns);
    }

    [Fact]
    public void Write_AfterAGap_PassesTheRunBeforeItOn()
    {
        using var file = OpenDatabase();
        var data = Pages(8, 3);
        StartCheckpoint(file, 1 << 20);

        WritePages(file, data, 0, 2);
        WritePages(file, data, 5, 1);

        Assert.Equal(2 * Page, FileLength);
        Assert.Equal(data[..(2 * Page)], _db.ReadAll());
        Control(file, CheckpointDone);
    }

    [Fact]
    public void CheckpointDone_WithPagesStillBuffered_WritesThemAndCountsALateRun()
    {
        using var file = OpenDatabase();
        var data = Pages(3, 4);
        var lateRuns = DatabaseIoMethods.LateRuns;
        StartCheckpoint(file, 1 << 20);
        WritePages(file, data, 0, 3);

        Control(file, CheckpointDone);

        Assert.Equal(data, _db.ReadAll());
        Assert.Equal(1, DatabaseIoMethods.LateRuns - lateRuns);
        Assert.Equal(0, ((CoalescingFile*)file.Native)->Flags & CoalescingFile.Checkpointing);
    }

    [Fact]
    public void Write_OutsideACheckpoint_GoesStraightThrough()
    {
        using var file = OpenDatabase();
        var data = Pages(2, 5);
        var pageWrites = DatabaseIoMethods.PageWrites;

        WritePages(file, data, 0, 2);

        Assert.Equal(data, _db.ReadAll());
        Assert.Equal(pageWrites, DatabaseIoMethods.PageWrites);
    }

    [Fact]
    public void Write_WithoutAPlan_GoesStraightThrough()
    {
        using var file = OpenDatabase();
        var data = Pages(2, 6);
        // No WAL index mapped through this file: the plan cannot be made, nothing is buffered.
        Control(file, CheckpointStart);

        WritePages(file, data, 0, 2);

        Assert.Equal(data, _db.ReadAll());
        Control(file, CheckpointDone);
    }

    public static TheoryData<string> Observers => ["read", "size", "truncate", "lock", "unlock", "reserved", "pragma", "close"];

    [Theory]
    [MemberData(nameof(Observers))]
    public void AnyOtherCall_WithPagesBuffered_WritesThemFirst(string call)
    {
        var file = OpenDatabase();
        var data = Pages(4, 7);
        StartCheckpoint(file, 1 << 20);
        WritePages(file, data, 0, 4);
        Assert.Equal(0, FileLength);

        int rc;
        long size;
        int reserved;
        switch (call)
        {
            case "read": rc = file.Read(Page, Page).SequenceEqual(data[Page..(2 * Page)]) ? 0 : -1; break;
            case "size": rc = file.Methods->xFileSize(file.Native, &size) == 0 && size == data.Length ? 0 : -1; break;
            case "truncate": rc = file.Truncate(data.Length); break;
            case "lock": rc = file.Methods->xLock(file.Native, 1 /* SHARED */); break;
            case "unlock": rc = file.Methods->xUnlock(file.Native, 0 /* NONE */); break;
            case "reserved": rc = file.Methods->xCheckReservedLock(file.Native, &reserved); break;
            case "pragma": rc = Control(file, 14 /* SQLITE_FCNTL_PRAGMA */) is 0 or 12 /* NOTFOUND */ ? 0 : -1; break;
            default: rc = file.Close(); break;
        }

        Assert.Equal(0, rc);
        Assert.Equal(data, _db.ReadAll());
        if (call != "close") Control(file, CheckpointDone);
        file.Dispose();
    }
}
