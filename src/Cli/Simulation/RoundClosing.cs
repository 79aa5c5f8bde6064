using System.Text.Json;
using OneStop.Engine.Clocks;
using OneStop.Engine.Scheduling;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;
using OneStop.Engine.Supervision;

namespace OneStop.Cli.Simulation;

/// <summary>Which of a round's families its closing pass changes. The pass delivers the round's outbox and fires what
/// fell due during the round. Notices, deadline events and alerts go to sinks and change no case; a service call, a
/// subcase start or a subcase's outcome becomes a command on a family's case, and a due case is fired. A family with
/// none of these is the same after the pass as before it, so its next actions need not wait for the pass. When the pass
/// cannot tell (a message of a case it does not know, a read that filled its limit), every family waits.</summary>
internal sealed class RoundClosing
{
    private readonly RoundWork _work;
    // The round's known cases (each run's case, each due case), by family key.
    private readonly Dictionary<string, long> _families = new(StringComparer.Ordinal);
    private readonly HashSet<long> _due = [];

    public RoundClosing(RoundWork work)
    {
        _work = work;
        foreach (var family in work.Families)
        {
            if (family.Run?.Number is { } number) _families[number] = family.Key;
            foreach (var caseNumber in family.DueCases) _families[caseNumber] = family.Key;
        }
    }

    /// <summary>Cases due at the start of the pass (any round's: only the round's families count).</summary>
    public void DueAtStart(IReadOnlyList<DueCase> due)
    {
        foreach (var d in due)
        {
            if (RoundFamily.IndexOf(d.Applicant) is { } key && _work.Keys.Contains(key)) _due.Add(key);
        }
    }

    /// <summary>The families the pass changes, from its first outbox read (<paramref name="full"/>: the read filled its
    /// limit); all the round's families when it cannot tell.</summary>
    public HashSet<long> Changed(IReadOnlyList<PendingMessage> pending, bool full)
    {
        if (full) return _work.Keys;
        var changed = new HashSet<long>(_due);
        foreach (var p in pending)
        {
            var message = p.Message;
            string caseNumber;
            switch (message.Channel)
            {
                case Channels.Notification or DeadlineFirer.Channel or AlertFactory.Channel:
                    continue;
                case Channels.Subcase when message.Type == "done":
                    caseNumber = JsonSerializer.Deserialize(message.Payload.Span, EngineJsonContext.Default.SubcaseDoneMessage)!.ParentCase;
                    break;
                case Channels.Service or Channels.Subcase:
                    caseNumber = message.CaseNumber;
                    break;
                default:
                    return _work.Keys;
            }
            if (!_families.TryGetValue(caseNumber, out var key)) return _work.Keys;
            changed.Add(key);
        }
        return changed;
    }

    /// <summary>The round's families (of simulated applicants) not in <paramref name="changed"/>.</summary>
    public HashSet<long> Unchanged(HashSet<long> changed)
    {
        var unchanged = new HashSet<long>();
        if (ReferenceEquals(changed, _work.Keys)) return unchanged;
        foreach (var key in _work.Keys)
        {
            if (key >= 0 && !changed.Contains(key)) unchanged.Add(key);
        }
        return unchanged;
    }
}
