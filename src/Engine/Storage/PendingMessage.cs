namespace OneStop.Engine.Storage;

/// <summary>An outbox message with its delivery state.</summary>
/// <param name="Message">The message.</param>
/// <param name="Attempts">Failed attempts so far.</param>
/// <param name="LastError">The last failure, if any.</param>
public sealed record PendingMessage(OutboxMessage Message, int Attempts, string? LastError);
