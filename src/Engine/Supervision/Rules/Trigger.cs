namespace OneStop.Engine.Supervision.Rules;

/// <summary>What happened in a commit, as bits: a rule names the bits it reacts to and is skipped without a look
/// when none of them is set (most commits are task actions that no built-in rule watches).</summary>
[Flags]
internal enum Trigger : uint
{
    None = 0,
    Correction = 1 << 0,
    Accepted = 1 << 1,
    Returned = 1 << 2,
    Suspended = 1 << 3,
    Extended = 1 << 4,
    Decided = 1 << 5,
    Delivered = 1 << 6,
    Deadline = 1 << 7,
    /// <summary>Every commit (ordering checks).</summary>
    Always = 1u << 31,
}
