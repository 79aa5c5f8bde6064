namespace OneStop.Engine;

/// <summary>What an <see cref="ISupervisionSink"/> receives.</summary>
/// <param name="MessageId">Stable outbox message id; the same for every redelivery.</param>
/// <param name="Alert">The alert as of this message (its <see cref="Alert.Status"/> says which change it reports).</param>
public readonly record struct AlertArguments(string MessageId, Alert Alert);
