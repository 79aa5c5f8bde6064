using OneStop.Engine.Audit;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Pipeline;

/// <summary>The engine's part of the tamper-evident record: every commit links its events after the chain head of
/// the case row the command read (<see cref="CommandContext.PreviousHead"/>: no extra read, nothing hashed until a
/// store or the verifier reads the links) and records the new head in the case row.</summary>
internal sealed partial class CaseEngine
{
    /// <summary>Verifies every case's hash chain in the store.</summary>
    /// <exception cref="NotSupportedException">The store cannot stream its records for verification.</exception>
    public Task<VerificationReport> VerifyAsync(CancellationToken cancellationToken = default) =>
        _store is IAuditTrailStore audit
            ? RecordVerifier.VerifyAsync(audit, cancellationToken)
            : throw new NotSupportedException($"The store {_store.GetType().Name} does not implement {nameof(IAuditTrailStore)}.");

    /// <summary>Verifies one case's hash chain.</summary>
    public Task<VerificationReport> VerifyCaseAsync(string caseNumber, CancellationToken cancellationToken = default) =>
        _store is IAuditTrailStore audit
            ? RecordVerifier.VerifyCaseAsync(audit, caseNumber, cancellationToken)
            : throw new NotSupportedException($"The store {_store.GetType().Name} does not implement {nameof(IAuditTrailStore)}.");
}
