using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Tests.Statistics;
using OneStop.Engine;
using OneStop.Engine.Audit;

namespace OneStop.Adapters.Sqlite.Tests.Audit;

/// <summary>The one-pass proof cut into parts (disjoint rowid ranges read on connections of their own): whatever the
/// cut, it shows an intact file intact with the chains' counts, and declines where a chain does not continue across a
/// cut.</summary>
public class IntactProofPartsTests
{
    // Cases whose events interleave in the written order, so that every cut falls inside some case's chain.
    private static async Task<string[]> WriteInterleavedAsync(string path, int count)
    {
        await using var store = SqliteCaseStore.Open(path);
        using var host = new EngineOnFile(store);
        var numbers = new string[count];
        for (var k = 0; k < count; k++) numbers[k] = await host.AcceptedAsync();
        foreach (var n in numbers) await host.DecideAsync(n);
        foreach (var n in numbers) await host.Engine.ExecuteAsync(new Deliver(n, "window", host.Key()));
        return numbers;
    }

    private static void Sql(string path, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        Assert.True(command.ExecuteNonQuery() > 0, "the statement changed nothing");
    }

    private static async Task<VerificationReport?> ProveAsync(SqliteCaseStore store, int parts)
    {
        store.ProofParts = parts;
        return await ((IIntactProof)store).TryProveIntactAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(64)]
    public async Task Proof_InterleavedCasesCutIntoParts_IsIntactWithTheChainsCounts(int parts)
    {
        using var file = new TempFile();
        await WriteInterleavedAsync(file.Path, 6);
        await using var store = SqliteCaseStore.Open(file.Path);
        var chains = await RecordVerifier.VerifyChainsAsync(store, 8192, CancellationToken.None);

        var proof = await ProveAsync(store, parts);

        Assert.True(chains.IsIntact);
        Assert.NotNull(proof);
        Assert.Equal((chains.CasesChecked, chains.EventsChecked), (proof.CasesChecked, proof.EventsChecked));
    }

    [Fact]
    public async Task Scan_CutInsideACase_TakesItUpFromItsPreviousLink()
    {
        using var file = new TempFile();
        await WriteInterleavedAsync(file.Path, 3);
        await using var store = SqliteCaseStore.Open(file.Path);
        using var connection = new SqliteConnection($"Data Source={file.Path};Pooling=False");
        connection.Open();
        using var statements = new Sqlite.Internal.StatementCache(connection);
        var (first, last) = Sqlite.Internal.IntactScan.Bounds(statements.Get)!.Value;
        var counts = Sqlite.Internal.IntactScan.CaseCounts(statements.Get)!.Value;
        // Just before the first case's last event: every case has begun and none is complete.
        var middle = statements.Get("SELECT min(last_event) FROM cases").ScalarInt64()!.Value - 1;

        var head = Sqlite.Internal.IntactScan.Scan(statements.Get, first, middle, CancellationToken.None)!;
        var tail = Sqlite.Internal.IntactScan.Scan(statements.Get, middle + 1, last, CancellationToken.None)!;

        // All three cases are open at the cut (their deliveries come last) and taken up after it.
        Assert.Equal(3, head.Open.Count);
        Assert.Equal(3, tail.Joins.Count);
        Assert.NotNull(Sqlite.Internal.IntactScan.Merge([head, tail], counts));
        // Without the part before the cut, the cases taken up were never begun.
        Assert.Null(Sqlite.Internal.IntactScan.Merge([tail], counts));
        Assert.Null(Sqlite.Internal.IntactScan.Merge([tail, head], counts));
    }

    [Fact]
    public async Task Proof_EventsWithoutLinks_AreTakenUpThroughTheIndex()
    {
        using var file = new TempFile();
        await WriteInterleavedAsync(file.Path, 4);
        // As in a file written before schema 9: every event in the index, none linked to its predecessor.
        Sql(file.Path, "UPDATE events SET prev = NULL");
        await using var store = SqliteCaseStore.Open(file.Path);
        var chains = await RecordVerifier.VerifyChainsAsync(store, 8192, CancellationToken.None);

        var proof = await ProveAsync(store, 3);

        Assert.NotNull(proof);
        Assert.Equal((chains.CasesChecked, chains.EventsChecked), (proof.CasesChecked, proof.EventsChecked));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Verify_EventEditedAfterACut_NamesTheCaseWhateverTheParts(int parts)
    {
        using var file = new TempFile();
        var n = await WriteInterleavedAsync(file.Path, 4);
        // The last event of a case: written after every cut.
        Sql(file.Path, "UPDATE events SET actor = 'forger' WHERE id = (SELECT last_event FROM cases WHERE case_number = $c)", ("$c", n[2]));
        await using var store = SqliteCaseStore.Open(file.Path);

        var proof = await ProveAsync(store, parts);
        var report = await RecordVerifier.VerifyAsync(store);

        Assert.Null(proof);
        Assert.Equal([n[2]], report.TamperedCases);
    }

    [Fact]
    public async Task Proof_LinkChangedBeforeTheCut_IsNotShown()
    {
        using var file = new TempFile();
        var n = await WriteInterleavedAsync(file.Path, 3);
        // The stored link of a case's early event no longer matches the event (the part after the cut would take the
        // case up from such a link).
        Sql(file.Path, "UPDATE events SET hash = zeroblob(32) WHERE case_id = (SELECT case_id FROM case_ids WHERE case_number = $c) AND sequence = 2", ("$c", n[1]));
        await using var store = SqliteCaseStore.Open(file.Path);

        Assert.Null(await ProveAsync(store, 2));
        Assert.Contains(n[1], (await RecordVerifier.VerifyAsync(store)).TamperedCases);
    }
}
