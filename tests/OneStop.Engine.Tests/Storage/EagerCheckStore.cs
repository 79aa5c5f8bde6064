using OneStop.Engine.Storage;
using OneStop.Engine.Audit;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Tests.Storage;

/// <summary>An in-memory store that, at every commit, computes what an eager commit path would have stored (event
/// payloads and hash links, the chain head, command results, outbox payloads) independently of the lazily built
/// records, without reading them; <see cref="AssertLazyBytesMatch"/> later compares the records' own (lazily
/// computed) bytes with those. A mutation of an event or message after its commit, or a wrong link, shows up.</summary>
internal sealed class EagerCheckStore() : DelegatingCaseStore(new InMemoryCaseStore())
{
    private readonly Dictionary<string, byte[]> _heads = new(StringComparer.Ordinal);
    private readonly List<(EventRecord Record, byte[] Payload, byte[] Hash)> _events = [];
    private readonly List<(CaseRecord Record, byte[] Head)> _cases = [];
    private readonly List<(CommandRecord Record, byte[] Result)> _commands = [];
    private readonly List<(OutboxMessage Message, byte[] Payload)> _outbox = [];

    public new InMemoryCaseStore Inner => (InMemoryCaseStore)base.Inner;

    /// <summary>How many lazily built events were checked.</summary>
    public int LazyEvents => _events.Count;

    public override Task CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default)
    {
        var number = commit.Case.CaseNumber;
        var head = _heads.GetValueOrDefault(number) ?? [];
        var pending = new List<(EventRecord, byte[], byte[])>();
        foreach (var e in commit.Events)
        {
            // The record must still be pending: the engine computes nothing for an in-memory store.
            Assert.True(e.IsPending, $"event #{e.Sequence} of {number} was serialized or hashed before the store read it");
            var payload = JsonBytes.SerializeEvent(e.Event!);
            var link = HashChain.Link(head, number, e.Sequence, e.Type, e.At, e.Actor, e.CommandKey, payload);
            pending.Add((e, payload, link));
            head = link;
        }
        var caseEntry = (commit.Case, head);
        var command = commit.Command is { Value: { } result } c ? (c, JsonBytes.Serialize(result, EngineJsonContext.Default.CommandResult)) : default;
        var messages = new List<(OutboxMessage, byte[])>();
        foreach (var m in commit.Outbox)
        {
            if (m.Content is ({ } value, { } info)) messages.Add((m, JsonBytes.Serialize(value, info)));
        }
        var task = Inner.CommitAsync(commit, cancellationToken);
        // Only commits the inner store accepted count (a refused one is retried or rolled back by the engine).
        if (task.IsCompletedSuccessfully)
        {
            _heads[number] = head;
            _events.AddRange(pending);
            _cases.Add(caseEntry);
            if (command.c is not null) _commands.Add(command);
            _outbox.AddRange(messages);
        }
        return task;
    }

    /// <summary>Reads every lazily built value now and compares it with the bytes computed at its commit.</summary>
    public void AssertLazyBytesMatch()
    {
        // Newest first: reading the last link first makes a record hash its whole pending chain.
        for (var i = _cases.Count - 1; i >= 0; i--) Assert.Equal(_cases[i].Head, _cases[i].Record.ChainHead.ToArray());
        foreach (var (record, payload, hash) in _events)
        {
            Assert.Equal(payload, record.Payload.ToArray());
            Assert.Equal(hash, record.Hash.ToArray());
        }
        foreach (var (record, result) in _commands) Assert.Equal(result, record.Result.ToArray());
        foreach (var (message, payload) in _outbox) Assert.Equal(payload, message.Payload.ToArray());
    }
}
