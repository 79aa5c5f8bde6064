using System.Runtime.CompilerServices;

namespace OneStop.Engine.Storage;

public sealed partial class InMemoryCaseStore : IAuditTrailStore
{
    /// <inheritdoc />
    public async IAsyncEnumerable<CaseChain> ReadChainsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string[] numbers;
        lock (_gate) numbers = [.. _cases.Keys.Order(StringComparer.Ordinal)];
        foreach (var number in numbers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await ReadChainAsync(number, cancellationToken).ConfigureAwait(false) is { } chain) yield return chain;
        }
    }

    /// <inheritdoc />
    public Task<CaseChain?> ReadChainAsync(string caseNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caseNumber);
        lock (_gate)
        {
            if (!_cases.TryGetValue(caseNumber, out var entry)) return Task.FromResult<CaseChain?>(null);
            return Task.FromResult<CaseChain?>(new CaseChain(caseNumber, true, entry.Record.Version, entry.Record.ChainHead, [.. entry.Events]));
        }
    }
}
