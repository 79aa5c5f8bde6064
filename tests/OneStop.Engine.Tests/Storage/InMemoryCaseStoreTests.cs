using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Engine.Tests.Storage;

/// <summary>The in-memory store passes the whole conformance suite unchanged.</summary>
public sealed class InMemoryCaseStoreTests : CaseStoreConformanceTests
{
    protected override Task<ICaseStore> CreateStoreAsync() => Task.FromResult<ICaseStore>(new InMemoryCaseStore());
}
