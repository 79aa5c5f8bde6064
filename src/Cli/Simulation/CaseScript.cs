using OneStop.Definitions;

namespace OneStop.Cli.Simulation;

/// <summary>What happens to one simulated case, decided up front from the seed and the case's index: the item, the
/// round it is filed in, and which of the mix's events it goes through. Delays and late steps are drawn while it runs,
/// from the same per-case stream, so a run is reproducible.</summary>
/// <param name="Index">0-based case index.</param>
/// <param name="Item">The item applied for.</param>
/// <param name="SubmitRound">The round (4 a working day) it is filed in.</param>
/// <param name="Amount">The form's amount (choose branches on it).</param>
/// <param name="Correction">A correction notice (补正) before acceptance.</param>
/// <param name="LateNotice">The correction notice is issued after its 5-workday limit.</param>
/// <param name="Return">A return (退回) from the review step to intake.</param>
/// <param name="Suspension">A special procedure (现场核查) at the review step.</param>
/// <param name="Withdrawal">The applicant withdraws after <paramref name="WithdrawAfter"/> actions.</param>
/// <param name="WithdrawAfter">Actions before the withdrawal.</param>
/// <param name="Denial">The review step denies (不予许可).</param>
/// <param name="Rating">The rating given once the case is closed, or 0 for none.</param>
internal sealed record CaseScript(
    int Index, GeneratedItem Item, int SubmitRound, int Amount, bool Correction, bool LateNotice, bool Return, bool Suspension,
    bool Withdrawal, int WithdrawAfter, bool Denial, int Rating)
{
    /// <summary>Rounds in a working day (09:30, 11:00, 14:30, 16:30).</summary>
    public const int RoundsPerDay = 4;

    /// <summary>Kinds are drawn with these shares: immediate 40 %, promised 45 %, joint 10 %, referred 5 %.</summary>
    public static ItemKind DrawKind(double u) => u switch
    {
        < 0.40 => ItemKind.Immediate,
        < 0.85 => ItemKind.Promised,
        < 0.95 => ItemKind.Joint,
        _ => ItemKind.Referred,
    };

    /// <summary>The script of case <paramref name="index"/> of <paramref name="cases"/>.</summary>
    public static CaseScript Create(long seed, int index, int cases, int workingDays, IReadOnlyDictionary<ItemKind, GeneratedItem[]> itemsByKind)
    {
        var rng = new SimRandom(seed, index);
        var kind = DrawKind(rng.NextDouble());
        var items = itemsByKind[kind];
        var item = items[rng.Next(items.Length)];
        // Filing is spread evenly over the working days' rounds.
        var submitRound = (int)((long)index * workingDays * RoundsPerDay / cases);
        var flowing = kind != ItemKind.Immediate;
        // Shares of ALL cases: corrections 10 %, withdrawals 2 %; returns 5 % and suspensions 3 % can only happen to
        // the 60 % of cases with a flow, so they are drawn with 5/60 and 3/60 there.
        var correction = rng.Chance(0.10);
        var lateNotice = correction && rng.Chance(0.10);
        var withdrawal = rng.Chance(0.02);
        var withdrawAfter = rng.Between(1, flowing ? 4 : 1);
        var ret = flowing && rng.Chance(0.05 / 0.60);
        var suspension = flowing && rng.Chance(0.03 / 0.60);
        var denial = flowing && !ret && rng.Chance(0.03);
        var rating = rng.Chance(0.70) ? DrawRating(rng.NextDouble()) : 0;
        return new CaseScript(index, item, submitRound, rng.Between(1, 300), correction, lateNotice, ret, suspension,
            withdrawal, withdrawAfter, denial, rating);
    }

    /// <summary>Ratings: 5 58 %, 4 25 %, 3 9 %, 2 5 %, 1 3 % (差评 8 %).</summary>
    private static int DrawRating(double u) => u switch
    {
        < 0.58 => 5,
        < 0.83 => 4,
        < 0.92 => 3,
        < 0.97 => 2,
        _ => 1,
    };

    /// <summary>The per-case stream for delays while it runs (distinct from the one that drew the script).</summary>
    public SimRandom RunRandom(long seed) => new(seed ^ 0x5EED_CA5E, Index);
}
