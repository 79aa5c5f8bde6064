using OneStop.Engine;

namespace OneStop.Cli.Simulation;

/// <summary>The vertical system behind generated <c>service</c> steps: answers at once and always passes, as an
/// online register lookup (数据共享核验) would.</summary>
internal sealed class SimulatedServiceHandler : IServiceHandler
{
    /// <summary>The handler name generated items use.</summary>
    public const string HandlerName = "sim.verify";

    private long _calls;

    /// <summary>Calls answered.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <inheritdoc />
    public string Name => HandlerName;

    /// <inheritdoc />
    public ValueTask<ServiceResult> HandleAsync(ServiceCallArguments arguments, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return ValueTask.FromResult(new ServiceResult(true, "数据共享核验通过"));
    }
}
