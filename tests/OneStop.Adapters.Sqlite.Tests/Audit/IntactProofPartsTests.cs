using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Adapters.Sqlite.Tests.Statistics;
using OneStop.Engine;
using OneStop.Engine.Audit;

namespace OneStop.Adapters.Sqlite.Tests.Audit;

/// <summary>The one-pass proof in parts (<see cref="IntactScan.Scan"/>, <see cref="IntactPart.Join"/>): cut at every
/// event of a file whose cases run interleaved, it shows what the single pass shows, and a cut never hides a change.</summary>
public class IntactProofPartsTests
{
    // Cases open side by side, so that most cuts fall inside several chains at once.
    private static async Task<string[]> WriteInterleavedAsync(SqliteCaseStore store, int count)
    {
        using var host = new EngineOnFile(store);
        var numbers = new string[count];
        for (var k = 0; k < count; k++) numbers[k] = await host.AcceptedAsync();
        foreach (var n in numbers) await host.DecideAsync(n);
        foreach (var n in numbers.Reverse()) await host.Engine.ExecuteAsync(new Deliver(n, "window", host.Key()));
        return numbers;
    }

    private static async Task<string[]> WriteInterleavedAsync(string path, int count)
    {
        await using var store = SqliteCaseStore.Open(path);
        return await WriteInterleavedAsync(store, count);
    }

    private static SqliteConnection Reader(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Sql(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.True(command.ExecuteNonQuery() > 0, "the tampering statement changed nothing");
    }

    // The proof with the table cut before each rowid of `cuts`, on one connection (one picture); no cuts: the single pass.
    private static VerificationReport? Prove(Func<string, RawStatement> statement, params long[] cuts)
    {
        var counts = IntactScan.CaseCounts(statement);
        var bounds = IntactScan.Bounds(statement);
        if (counts is null || bounds is null) return null;
        var starts = cuts.Prepend(bounds.Value.First).ToArray();
        var parts = new List<IntactPart>();
        for (var k = 0; k < starts.Length; k++)
        {
            var last = k + 1 < starts.Length ? starts[k + 1] - 1 : bounds.Value.Last;
            if (IntactScan.Scan(statement, starts[k], last, CancellationToken.None) is not { } part) return null;
            parts.Add(part);
        }
        return IntactPart.Join(parts, counts.Value);
    }

    private static (long First, long Last) Bounds(Func<string, RawStatement> statement) => IntactScan.Bounds(statement)!.Value;

    [Fact]
    public async Task Prove_InterleavedFileCutAtEveryEvent_ShowsWhatTheSinglePassShows()
    {
        using var file = new TempFile();
        await WriteInterleavedAsync(file.Path, 4);
        using var connection = Reader(file.Path);
        using var statements = new StatementCache(connection);

        var single = Prove(statements.Get);
        Assert.NotNull(single);
        var (first, last) = Bounds(statements.Get);
        for (var cut = first + 1; cut <= last; cut++)
        {
            var split = Prove(statements.Get, cut);
            Assert.Equal((single.CasesChecked, single.EventsChecked), (split?.CasesChecked, split?.EventsChecked));
            for (var second = cut + 1; second <= last; second += 3)
                Assert.Equal(single.EventsChecked, Prove(statements.Get, cut, second)?.EventsChecked);
        }
    }

    [Fact]
    public async Task Prove_EventEdited_IsNotShownIntactWhereverTheTableIsCut()
    {
        using var file = new TempFile();
        var n = await WriteInterleavedAsync(file.Path, 3);
        Sql(file.Path, $"UPDATE events SET actor = 'forger' WHERE case_id = (SELECT case_id FROM case_ids WHERE case_number = '{n[1]}') AND sequence = 3");
        using var connection = Reader(file.Path);
        using var statements = new StatementCache(connection);

        var (first, last) = Bounds(statements.Get);
        Assert.Null(Prove(statements.Get));
        for (var cut = first + 1; cut <= last; cut++)
        {
            Assert.Null(Prove(statements.Get, cut));
            Assert.Null(Prove(statements.Get, first + 1, cut));
        }
    }

    [Fact]
    public async Task Verify_ChainWrittenTwiceAndAnotherCaseEmptied_IsNotShownIntact()
    {
        using var file = new TempFile();
        var n = await WriteInterleavedAsync(file.Path, 3);
        // Case 0's whole chain copied after it (it is begun a second time), and every event of case 2 deleted: the cases
        // completed still add up to the case rows with events, which is all a count could see. The copies are linked
        // (to their originals), which keeps them out of the unique index of unlinked events.
        Sql(file.Path, $"""
            INSERT INTO events (case_id, sequence, type, at, actor, command_key, payload, hash, prev)
              SELECT case_id, sequence, type, at, actor, command_key, payload, hash, id FROM events
              WHERE case_id = (SELECT case_id FROM case_ids WHERE case_number = '{n[0]}') ORDER BY sequence;
            DELETE FROM events WHERE case_id = (SELECT case_id FROM case_ids WHERE case_number = '{n[2]}');
            """);
        await using var store = SqliteCaseStore.Open(file.Path);
        using var connection = Reader(file.Path);
        using var statements = new StatementCache(connection);

        Assert.Null(Prove(statements.Get));
        var (first, last) = Bounds(statements.Get);
        for (var cut = first + 1; cut <= last; cut++) Assert.Null(Prove(statements.Get, cut));
        foreach (var parts in TamperTests.PartCounts)
        {
            Assert.Null(await store.ProveInPartsAsync(parts, CancellationToken.None));
            store.ProofParts = parts;
            Assert.Contains(n[2], (await RecordVerifier.VerifyAsync(store)).TamperedCases);
        }
    }

    [Fact]
    public async Task Verify_TakenUpEventLinkedToAnotherCase_IsNotShownInPartsButTheSinglePassDecides()
    {
        using var file = new TempFile();
        var n = await WriteInterleavedAsync(file.Path, 3);
        // The event where two parts cut the table names case 0's first event as its previous one: its hashes are
        // untouched, so the file is intact, but the second part cannot take its case up.
        long cut;
        using (var connection = Reader(file.Path))
        {
            using var statements = new StatementCache(connection);
            var (first, last) = Bounds(statements.Get);
            cut = first + (last - first + 1) / 2;
            Assert.True((long)SqliteSchema.Scalar(connection, $"SELECT sequence FROM events WHERE id = {cut}")! > 1);
        }
        Sql(file.Path, $"UPDATE events SET prev = (SELECT min(id) FROM events WHERE case_id = (SELECT case_id FROM case_ids WHERE case_number = '{n[0]}')) WHERE id = {cut}");
        await using var store = SqliteCaseStore.Open(file.Path);
        using (var connection = Reader(file.Path))
        {
            using var statements = new StatementCache(connection);
            Assert.NotNull(Prove(statements.Get));
            Assert.NotNull(Prove(statements.Get, cut + 1));
            Assert.Null(Prove(statements.Get, cut));
        }
        Assert.Null(await store.ProveInPartsAsync(2, CancellationToken.None));

        store.ProofParts = 2;
        var proof = await ((IIntactProof)store).TryProveIntactAsync(CancellationToken.None);
        var report = await RecordVerifier.VerifyAsync(store);

        Assert.NotNull(proof);
        Assert.True(report.IsIntact);
    }

    [Fact]
    public async Task Share_WalWithCommitsAfterTheFirstRead_EveryConnectionReadsTheFirstOnesPicture()
    {
        using var file = new TempFile();
        await using var store = SqliteCaseStore.Open(file.Path);
        using var host = new EngineOnFile(store);
        await host.ConcludedAsync();
        using var shared = new SharedSnapshot(new SqliteConnectionStringBuilder { DataSource = file.Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        var before = IntactScan.Bounds(shared.First);

        await host.ConcludedAsync();
        // The WAL holds the commits, so the picture is shared as a snapshot and the check is never asked.
        var others = shared.Share(2, _ => false);

        Assert.NotNull(others);
        Assert.All(others, other => Assert.Equal(before, IntactScan.Bounds(other)));
        Assert.Equal(before, IntactScan.Bounds(shared.First));
        Assert.NotNull(await store.ProveInPartsAsync(3, CancellationToken.None));
    }

    [Fact]
    public async Task Share_EmptyWal_EachConnectionMustPassTheCheck()
    {
        using var file = new TempFile();
        await WriteInterleavedAsync(file.Path, 2);
        Assert.Equal(0, new FileInfo(file.Path + "-wal") is { Exists: true } wal ? wal.Length : 0);
        using var shared = new SharedSnapshot(new SqliteConnectionStringBuilder { DataSource = file.Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        var bounds = IntactScan.Bounds(shared.First);

        Assert.Null(shared.Share(1, _ => false));
        Assert.NotNull(shared.Share(2, other => IntactScan.Bounds(other) == bounds));
    }
}
