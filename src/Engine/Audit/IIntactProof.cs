namespace OneStop.Engine.Audit;

/// <summary>A store that can show in one pass over its whole record, faster than reading every case's chain, that
/// every case is intact. It answers only "intact" (with the counts the full verification would report) or "not shown",
/// never a finding: <see cref="RecordVerifier"/> then reads the chains, so what a tampered store reports never depends
/// on this pass.</summary>
internal interface IIntactProof
{
    /// <summary>The intact report, or null when the pass met anything it does not recognise as an intact chain.</summary>
    Task<VerificationReport?> TryProveIntactAsync(CancellationToken cancellationToken);
}
