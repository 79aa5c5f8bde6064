namespace OneStop.Engine.Clocks;

/// <summary>Tells the deadline scheduler, after a commit, the case's new earliest due instant (so a newly earlier
/// deadline wakes it). One instance per engine.</summary>
internal sealed class DeadlineSignal
{
    private Action<DateTimeOffset>? _listener;

    /// <summary>Sets the listener (the scheduler).</summary>
    public void Listen(Action<DateTimeOffset> listener) => _listener = listener;

    /// <summary>Reports a committed earliest due instant; null is ignored.</summary>
    public void Raise(DateTimeOffset? due)
    {
        if (due is { } d) _listener?.Invoke(d);
    }
}
