namespace OneStop.Engine;

/// <summary>Where an added signer (加签) signs.</summary>
public enum SignerPosition
{
    /// <summary>Before the current holder, who signs again afterwards (前加签).</summary>
    Before,
    /// <summary>After the current holder approves (后加签).</summary>
    After,
}
