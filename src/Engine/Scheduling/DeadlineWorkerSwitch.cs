namespace OneStop.Engine.Scheduling;

/// <summary>Records <c>UseDeadlineWorker(enabled)</c>; the last registration wins.</summary>
internal sealed record DeadlineWorkerSwitch(bool Enabled);
