namespace OneStop.Engine;

/// <summary>Input of <see cref="INotificationSink"/>.</summary>
/// <param name="MessageId">Stable id for deduplication.</param>
/// <param name="Notification">The notice.</param>
public readonly record struct NotificationArguments(string MessageId, Notification Notification);
