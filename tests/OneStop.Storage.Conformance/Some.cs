using System.Text;
using OneStop.Engine.Storage;

namespace OneStop.Storage.Conformance;

/// <summary>Small builders of store test data.</summary>
public static class Some
{
    public static readonly DateTimeOffset T0 = new(2025, 9, 26, 1, 0, 0, TimeSpan.Zero);

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static CaseRecord Case(
        string caseNumber,
        long version,
        string state = "Submitted",
        string item = "000104002000",
        string department = "市教育局",
        string? applicant = "张三",
        DateTimeOffset? submittedAt = null,
        DateTimeOffset? due = null,
        string snapshot = "{}") =>
        new(caseNumber, item, 1, "hash-" + item, department, "Promised", state, null, applicant, version,
            submittedAt ?? T0, (submittedAt ?? T0).AddMinutes(version), null, due, Bytes(snapshot));

    public static EventRecord Event(string caseNumber, long sequence, string key = "k") =>
        new(caseNumber, sequence, "CaseSubmitted", T0.AddMinutes(sequence), "actor-1", key,
            Bytes($"{{\"seq\":{sequence}}}"), Bytes("h" + sequence));

    public static OutboxMessage Message(string id, string caseNumber, string type = "receipt") =>
        new(id, caseNumber, "notification", type, Bytes($"{{\"id\":\"{id}\"}}"), T0);

    public static TaskRecord Task(string id, string caseNumber, string? role = "edu.licensing", string? department = null,
        string? assignee = null, DateTimeOffset? due = null, DateTimeOffset? createdAt = null) =>
        new(id, caseNumber, "review", role, department, assignee, createdAt ?? T0, due);

    /// <summary>A commit that appends <paramref name="events"/> events to a case at <paramref name="expectedVersion"/>.</summary>
    public static CaseCommit Commit(
        string caseNumber,
        long expectedVersion,
        int events = 1,
        string? key = null,
        IReadOnlyList<OutboxMessage>? outbox = null,
        IReadOnlyList<TaskRecord>? tasks = null,
        DefinitionRecord? definition = null,
        CaseRecord? record = null)
    {
        var version = expectedVersion + events;
        key ??= $"{caseNumber}/{version}";
        var evts = Enumerable.Range(1, events).Select(i => Event(caseNumber, expectedVersion + i, key)).ToList();
        return new CaseCommit(
            record ?? Case(caseNumber, version),
            expectedVersion,
            evts,
            tasks ?? [],
            outbox ?? [],
            new CommandRecord(key, caseNumber, Bytes($"{{\"result\":\"{key}\"}}")),
            definition);
    }
}
