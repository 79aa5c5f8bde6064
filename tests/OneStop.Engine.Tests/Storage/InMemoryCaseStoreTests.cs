using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Engine.Tests.Storage;

/// <summary>The in-memory store passes the whole conformance suite unchanged.</summary>
public sealed class InMemoryCaseStoreTests : CaseStoreConformanceTests
{
    protected override Task<ICaseStore> CreateStoreAsync() => Task.FromResult<ICaseStore>(new InMemoryCaseStore());

    [Fact]
    public async Task Outbox_CreationTimes_KeepTheirOffset_WhateverTheIdsForm()
    {
        var store = new InMemoryCaseStore();
        var local = new DateTimeOffset(2025, 9, 26, 9, 30, 0, TimeSpan.FromHours(8)).AddTicks(7);
        var utc = new DateTimeOffset(2025, 9, 26, 1, 30, 0, TimeSpan.Zero).AddTicks(3);
        OutboxMessage[] messages =
        [
            new("C-1:1:0", "C-1", "notification", "receipt", Some.Bytes("{}"), local),
            new("C-1:1:1", "C-1", "notification", "receipt", Some.Bytes("{}"), utc),
            new("free-text-id", "C-1", "notification", "receipt", Some.Bytes("{}"), local),
            new("C-1:1:2", "C-1", "notification", "receipt", Some.Bytes("{}"), local.ToOffset(TimeSpan.FromMinutes(-330))),
        ];
        await store.CommitAsync(Some.Commit("C-1", 0, outbox: messages));

        var pending = (await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10)).Select(p => p.Message).ToList();
        Assert.Equal(messages.Select(m => (m.MessageId, m.CreatedAt.ToString("O"))), pending.Select(m => (m.MessageId, m.CreatedAt.ToString("O"))));
        Assert.Equal(messages, pending);
    }
}
