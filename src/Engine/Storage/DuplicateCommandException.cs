namespace OneStop.Engine;

/// <summary>A command with this idempotency key was already committed (a concurrent repeat).</summary>
public sealed class DuplicateCommandException : OneStopException
{
    /// <summary>Creates the exception.</summary>
    public DuplicateCommandException(string idempotencyKey)
        : base($"A command with idempotency key '{idempotencyKey}' was already committed.") => IdempotencyKey = idempotencyKey;

    /// <summary>The key.</summary>
    public string IdempotencyKey { get; }
}
