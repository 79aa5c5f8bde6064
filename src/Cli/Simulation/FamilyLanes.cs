using System.Threading.Channels;

namespace OneStop.Cli.Simulation;

/// <summary>Where families run: the drivers' lane (families whose case acts; at most <c>--concurrency</c> at once) and the
/// deadline lane (families with only deadlines due; at most as many at once as the scheduler's own deadline pass).
/// Each lane takes families in the order they were posted, whatever their round, so a round's families all start
/// before the next round's, and the next round's independent families fill the places the current round's last
/// families and its closing pass leave idle.</summary>
internal sealed class FamilyLanes
{
    private readonly Channel<(RoundWork Work, RoundFamily Family)> _drivers = Channel.CreateUnbounded<(RoundWork, RoundFamily)>();
    private readonly Channel<(RoundWork Work, RoundFamily Family)> _deadlines = Channel.CreateUnbounded<(RoundWork, RoundFamily)>();
    private readonly Task[] _workers;
    private readonly SimulationClock _clock;
    private readonly Func<RoundWork, RoundFamily, CancellationToken, Task<(bool Finished, int Fired)>> _run;

    /// <param name="drivers">Families whose case acts, at once.</param>
    /// <param name="deadlines">Families with only deadlines due, at once.</param>
    /// <param name="clock">The simulation clock: each family runs at its round's instant.</param>
    /// <param name="run">Runs one family: whether its run finished, and the deadlines it fired.</param>
    /// <param name="cancellationToken">Stops the workers (after a failure); what is still posted is not run.</param>
    public FamilyLanes(int drivers, int deadlines, SimulationClock clock,
        Func<RoundWork, RoundFamily, CancellationToken, Task<(bool Finished, int Fired)>> run, CancellationToken cancellationToken)
    {
        _clock = clock;
        _run = run;
        _workers = new Task[drivers + deadlines];
        for (var i = 0; i < _workers.Length; i++)
            _workers[i] = WorkAsync(i < drivers ? _drivers.Reader : _deadlines.Reader, cancellationToken);
    }

    /// <summary>Hands a family of <paramref name="work"/> to its lane.</summary>
    public void Post(RoundWork work, RoundFamily family)
    {
        work.Add(family);
        (family.Run is null ? _deadlines : _drivers).Writer.TryWrite((work, family));
    }

    /// <summary>Lets the workers end once the lanes are empty, and waits for them.</summary>
    public Task CompleteAsync()
    {
        _drivers.Writer.TryComplete();
        _deadlines.Writer.TryComplete();
        return Task.WhenAll(_workers);
    }

    private async Task WorkAsync(ChannelReader<(RoundWork Work, RoundFamily Family)> lane, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                if (!await lane.WaitToReadAsync(cancellationToken).ConfigureAwait(false)) return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped after a failure: what is still posted is not run.
                return;
            }
            while (lane.TryRead(out var item))
            {
                _clock.Enter(item.Work.Now);
                try
                {
                    var (finished, fired) = await _run(item.Work, item.Family, cancellationToken).ConfigureAwait(false);
                    item.Work.FamilyDone(finished, fired);
                }
                catch (Exception ex)
                {
                    item.Work.FamilyFailed(ex);
                }
            }
        }
    }
}
