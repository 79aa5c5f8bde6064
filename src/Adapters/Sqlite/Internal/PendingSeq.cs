namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Where a pending read found a message: its outbox row's seq, and the row's compact key (see
/// <see cref="MessageKey"/>; 0 for a row without one: a key is an event's rowid × 65,536, never 0). The key lets the
/// writer check the seq in <c>ux_outbox_key</c> alone, whose recent entries share a few leaves, instead of reading the
/// outbox row itself: by the time a message is delivered its row's leaf has mostly left the writer's cache, and that
/// read was one page read from the file per delivered message (12 % of the writer's page misses in a 30k simulation).</summary>
internal readonly record struct PendingSeq(long Seq, long Key);
