using OneStop.Engine.Storage;

namespace OneStop.Benchmarks.Sqlite;

/// <summary>The rows one command writes, with realistic sizes: a ~1 KB snapshot, a ~200-byte event and a
/// ~200-byte outbox message, plus the command's idempotency record.</summary>
internal static class SqliteBenchmarkRows
{
    public static readonly DateTimeOffset T0 = new(2025, 9, 26, 1, 0, 0, TimeSpan.Zero);
    public static readonly byte[] Snapshot = Json(1024);
    public static readonly byte[] EventPayload = Json(200);
    public static readonly byte[] MessagePayload = Json(200);
    public static readonly byte[] Result = Json(64);
    public static readonly byte[] Hash = new byte[32];

    private static byte[] Json(int size)
    {
        var body = new string('办', Math.Max(1, (size - 16) / 3));
        return System.Text.Encoding.UTF8.GetBytes($"{{\"v\":1,\"s\":\"{body}\"}}");
    }

    /// <summary>The commit taking <paramref name="caseNumber"/> from version <paramref name="expected"/> to expected + 1.</summary>
    public static CaseCommit Commit(string caseNumber, long expected)
    {
        var version = expected + 1;
        var key = caseNumber + "/" + version;
        var at = T0.AddSeconds(version);
        var record = new CaseRecord(caseNumber, "000104002000", 1, "sha256-0001", "市教育局", "Promised", "Accepted", null, "张三",
            version, T0, at, null, at.AddDays(15), Snapshot);
        return new CaseCommit(
            record,
            expected,
            [new EventRecord(caseNumber, version, "TaskApproved", at, "officer-1", key, EventPayload, Hash)],
            [],
            [new OutboxMessage(key + "/n", caseNumber, "notification", "TaskAssigned", MessagePayload, at)],
            new CommandRecord(key, caseNumber, Result),
            null);
    }
}
