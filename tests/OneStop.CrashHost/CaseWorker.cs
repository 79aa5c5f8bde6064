using OneStop.Engine;

namespace OneStop.CrashHost;

/// <summary>Works cases through the item one command at a time — submit, accept, approve each open task, deliver — and
/// starts the next case when one closes (or, at random, leaves one half-way so its deadlines fall due later). Keys are <c>r{run}-w{worker}-{n}</c>. Conflicts with deadline firings (which
/// also change cases) and illegal actions after a timeout are expected: the worker re-reads the case and goes on.</summary>
internal sealed class CaseWorker(ICaseEngine engine, Args options, int worker, TextWriter output)
{
    private string? _case;
    private CaseState _state;
    private IReadOnlyList<string> _tasks = [];
    private int _next;
    private int _stuck;
    private readonly Random _random = new(options.Seed * 1_000_003 + options.Run * 1009 + worker);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Let the other workers start: all of them then commit concurrently through group commit.
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            var key = $"r{options.Run}-w{worker}-{_next++}";
            try
            {
                CommandResult result;
                if (_case is null)
                {
                    result = await engine.SubmitAsync(new SubmitCase(CrashItem.Code, "张三", "applicant", key) { Materials = ["report"] }, cancellationToken);
                }
                else
                {
                    CaseCommand? command = _state switch
                    {
                        CaseState.Submitted => new Accept(_case, "window", key),
                        CaseState.InProgress when _tasks.Count > 0 => new ApproveTask(_case, "officer", key, _tasks[0]),
                        CaseState.Decided => new Deliver(_case, "window", key),
                        _ => null,
                    };
                    if (command is null || _stuck > 3)
                    {
                        _case = null;
                        _stuck = 0;
                        continue;
                    }
                    result = await engine.ExecuteAsync(command, cancellationToken);
                }
                // Printed only now: the command's commit has returned.
                output.WriteLine($"ACK {key} {result.CaseNumber} {result.Version}");
                (_case, _state, _tasks, _stuck) = (result.CaseNumber, result.State, result.OpenTaskIds, 0);
                // Some cases are left half-way, so their step and case deadlines fall due in a later run.
                if (_random.Next(4) == 0) _case = null;
            }
            catch (OneStopException) when (_case is not null)
            {
                _stuck++;
                var view = await engine.GetCaseAsync(_case, cancellationToken);
                if (view is null) _case = null;
                else (_state, _tasks) = (view.State, [.. view.OpenTasks.Select(t => t.TaskId)]);
            }
        }
    }
}
