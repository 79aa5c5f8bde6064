using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Tests.Statistics;
using OneStop.Engine;
using OneStop.Engine.Audit;

namespace OneStop.Adapters.Sqlite.Tests.Audit;

/// <summary>Builds a file through the engine, changes it behind the engine's back with plain SQL, and expects the
/// verifier to name each changed case and the kind of change. The event log is keyed by case id (schema 7), so its
/// rows are found through <c>case_ids</c>.</summary>
public class TamperTests
{
    private static async Task<string[]> WriteCasesAsync(string path, int count)
    {
        await using var store = SqliteCaseStore.Open(path);
        using var host = new EngineOnFile(store);
        var numbers = new string[count];
        for (var k = 0; k < count; k++) numbers[k] = await host.ConcludedAsync();
        Assert.True((await host.Reports.VerifyAsync()).IsIntact);
        return numbers;
    }

    private static void Sql(string path, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        Assert.True(command.ExecuteNonQuery() > 0, "the tampering statement changed nothing");
    }

    /// <summary>The proof's part counts every test runs with: one (the single pass), and cuts that fall inside cases.</summary>
    internal static readonly int[] PartCounts = [1, 2, 3, 7];

    private static async Task<VerificationReport> VerifyAsync(string path)
    {
        await using var store = SqliteCaseStore.Open(path);
        store.ProofParts = 1;
        var report = await RecordVerifier.VerifyAsync(store);
        foreach (var parts in PartCounts)
        {
            // The one-pass proof may only ever answer "intact", and only for a file whose chains are all intact, in any
            // number of parts; and the verdict, with every finding, is the same however the proof was split.
            var proof = await store.ProveInPartsAsync(parts, CancellationToken.None);
            Assert.Equal(report.IsIntact, proof is not null);
            if (proof is not null) Assert.Equal((report.CasesChecked, report.EventsChecked), (proof.CasesChecked, proof.EventsChecked));
            store.ProofParts = parts;
            var split = await RecordVerifier.VerifyAsync(store);
            Assert.Equal((report.CasesChecked, report.EventsChecked), (split.CasesChecked, split.EventsChecked));
            Assert.Equal(report.Findings, split.Findings);
        }
        return report;
    }

    [Fact]
    public async Task Verify_UntouchedFile_IsIntact()
    {
        using var file = new TempFile();
        await WriteCasesAsync(file.Path, 3);
        var report = await VerifyAsync(file.Path);
        Assert.True(report.IsIntact);
        Assert.Equal(3, report.CasesChecked);
        Assert.True(report.EventsChecked > 12);
    }

    [Fact]
    public async Task Verify_UntouchedFile_IsProvenIntactInOnePassWithTheChainsCounts()
    {
        using var file = new TempFile();
        await WriteCasesAsync(file.Path, 4);
        await using var store = SqliteCaseStore.Open(file.Path);

        var proof = await ((IIntactProof)store).TryProveIntactAsync(CancellationToken.None);
        var chains = await RecordVerifier.VerifyChainsAsync(store, 8192, CancellationToken.None);

        Assert.NotNull(proof);
        Assert.True(chains.IsIntact);
        Assert.Equal((chains.CasesChecked, chains.EventsChecked), (proof.CasesChecked, proof.EventsChecked));
        Assert.Empty(proof.Findings);
    }

    [Theory]
    // The chain head of the case row names another link.
    [InlineData("UPDATE cases SET chain_head = zeroblob(32) WHERE case_number = $c")]
    // The case row counts one event more than the log holds.
    [InlineData("UPDATE cases SET version = version + 1 WHERE case_number = $c")]
    // The case row's id no longer names its number.
    [InlineData("UPDATE case_ids SET case_number = 'X' || case_number WHERE case_number = $c")]
    public async Task Verify_CaseRowChanged_IsNotProvenIntactAndNamesTheCase(string sql)
    {
        using var file = new TempFile();
        var n = await WriteCasesAsync(file.Path, 3);
        Sql(file.Path, sql, ("$c", n[2]));

        var report = await VerifyAsync(file.Path);

        Assert.Contains(n[2], report.TamperedCases);
    }

    [Fact]
    public async Task Verify_PayloadUpdated_NamesCaseAndEvent()
    {
        using var file = new TempFile();
        var n = await WriteCasesAsync(file.Path, 3);
        Sql(file.Path, "UPDATE events SET payload = CAST(replace(CAST(payload AS TEXT), 'report', 'forged') AS BLOB) WHERE case_id = (SELECT case_id FROM case_ids WHERE case_number = $c) AND sequence = 1", ("$c", n[1]));

        var f = Assert.Single((await VerifyAsync(file.Path)).Findings);

        Assert.Equal((n[1], TamperKind.Edited, (long?)1), (f.CaseNumber, f.Kind, f.Sequence));
    }

    [Fact]
    public async Task Verify_EventTimeBackdated_IsCaughtAsEdited()
    {
        using var file = new TempFile();
        var n = await WriteCasesAsync(file.Path, 2);
        Sql(file.Path, "UPDATE events SET at = at - 864000000000 WHERE case_id = (SELECT case_id FROM case_ids WHERE case_number = $c) AND sequence = 2", ("$c", n[0]));
        var f = Assert.Single((await VerifyAsync(file.Path)).Findings);
        Assert.Equal((n[0], TamperKind.Edited, (long?)2), (f.CaseNumber, f.Kind, f.Sequence));
    }

    [Fact]
    public async Task Verify_EventDeletedInTheMiddle_NamesCaseAsDeleted()
    {
        using var file = new TempFile();
        var n = await WriteCasesAsync(file.Path, 3);
        Sql(file.Path, "DELETE FROM events WHERE case_id = (SELECT case_id FROM case_ids WHERE case_number = $c) AND sequence = 3", ("$c", n[2]));

        var f = Assert.Single((await VerifyAsync(file.Path)).Findings);

        Assert.Equal((n[2], TamperKind.Deleted, (long?)3), (f.CaseNumber, f.Kind, f.Sequence));
    }

    [Fact]
    public async Task Verify_LastEventDeleted_NamesCaseAsTruncated()
    {
        using var file = new TempFile();
        var n = await WriteCasesAsync(file.Path, 3);
        Sql(file.Path, "DELETE FROM events WHERE case_id = (SELECT case_id FROM case_ids WHERE case_number = $c) AND sequence = (SELECT max(sequence) FROM events WHERE case_id = (SELECT case_id FROM case_ids WHERE case_number = $c))", ("$c", n[0]));

        var f = Assert.Single((await VerifyAsync(file.Path)).Findings);

        Assert.Equal((n[0], TamperKind.Truncated), (f.CaseNumber, f.Kind));
    }

    [Fact]
    public async Task Verify_LastEventDeletedAndVersionLowered_IsStillCaughtByTheChainHead()
    {
        using var file = new TempFile();
        var n = await WriteCasesAsync(file.Path, 2);
        Sql(file.Path, """
            DELETE FROM events WHERE case_id = (SELECT case_id FROM case_ids WHERE case_number = $c) AND sequence = (SELECT version FROM cases WHERE case_number = $c);
            UPDATE cases SET version = version - 1 WHERE case_number = $c;
            """, ("$c", n[1]));
        var f = Assert.Single((await VerifyAsync(file.Path)).Findings);
        Assert.Equal((n[1], TamperKind.Inconsistent), (f.CaseNumber, f.Kind));
    }

    [Fact]
    public async Task Verify_TwoSequencesSwapped_NamesCaseAsReordered()
    {
        using var file = new TempFile();
        var n = await WriteCasesAsync(file.Path, 3);
        Sql(file.Path, """
            UPDATE events SET sequence = -2 WHERE case_id = (SELECT case_id FROM case_ids WHERE case_number = $c) AND sequence = 2;
            UPDATE events SET sequence = 2 WHERE case_id = (SELECT case_id FROM case_ids WHERE case_number = $c) AND sequence = 3;
            UPDATE events SET sequence = 3 WHERE case_id = (SELECT case_id FROM case_ids WHERE case_number = $c) AND sequence = -2;
            """, ("$c", n[1]));

        var findings = (await VerifyAsync(file.Path)).Findings;

        Assert.Equal([n[1]], findings.Select(f => f.CaseNumber).Distinct());
        Assert.Equal([(TamperKind.Reordered, 2L), (TamperKind.Reordered, 3L)], findings.Select(f => (f.Kind, f.Sequence!.Value)));
    }

    [Fact]
    public async Task Verify_SeveralCasesTampered_NamesEveryOneAndNoOther()
    {
        using var file = new TempFile();
        var n = await WriteCasesAsync(file.Path, 5);
        Sql(file.Path, "UPDATE events SET actor = 'x' WHERE case_id = (SELECT case_id FROM case_ids WHERE case_number = $c) AND sequence = 2", ("$c", n[0]));
        Sql(file.Path, "DELETE FROM events WHERE case_id = (SELECT case_id FROM case_ids WHERE case_number = $c) AND sequence = 2", ("$c", n[3]));
        Sql(file.Path, "DELETE FROM cases WHERE case_number = $c", ("$c", n[4]));

        var report = await VerifyAsync(file.Path);

        Assert.Equal(new[] { n[0], n[3], n[4] }.Order(StringComparer.Ordinal), report.TamperedCases.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Verify_UntouchedFile_EveryEventIsOnAChain()
    {
        using var file = new TempFile();
        await WriteCasesAsync(file.Path, 3);
        using var connection = new SqliteConnection($"Data Source={file.Path};Pooling=False");
        connection.Open();
        // The audit reads chains alone (no scan) only while this holds for every file the engine writes.
        Assert.Equal(1L, Sqlite.Internal.SqliteSchema.Scalar(connection, SqliteCaseStore.EventsAddUp));
    }

    [Theory]
    // Linked to the case's last event, so it looks chained, but the case row's head does not name it.
    [InlineData(1, "SELECT e.case_id, e.sequence + 1, e.type, e.at, e.actor, 'forged', e.payload, e.hash, e.id FROM events e " +
        "JOIN cases c ON c.case_id = e.case_id AND e.id = c.last_event WHERE c.case_number = $c")]
    // A second event #2 hung off event #1: schema 9's partial index does not refuse it.
    [InlineData(2, "SELECT e.case_id, 2, e.type, e.at, 'forger', 'forged', e.payload, e.hash, e.id FROM events e " +
        "JOIN case_ids k ON k.case_id = e.case_id WHERE k.case_number = $c AND e.sequence = 1")]
    public async Task Verify_RowWithALinkNoChainReaches_NamesTheCase(int tampered, string select)
    {
        using var file = new TempFile();
        var n = await WriteCasesAsync(file.Path, 3);
        Sql(file.Path, "INSERT INTO events (case_id, sequence, type, at, actor, command_key, payload, hash, prev) " + select, ("$c", n[tampered]));

        var report = await VerifyAsync(file.Path);

        Assert.Equal([n[tampered]], report.TamperedCases);
    }

    [Fact]
    public async Task Verify_CaseIdDeleted_NamesTheCase()
    {
        using var file = new TempFile();
        var n = await WriteCasesAsync(file.Path, 3);
        // Its events are no longer attributable to it, so the case row is left without events.
        Sql(file.Path, "DELETE FROM case_ids WHERE case_number = $c", ("$c", n[1]));

        var report = await VerifyAsync(file.Path);

        Assert.Equal([n[1]], report.TamperedCases);
    }
}
