namespace OneStop.Definitions.Flow;

/// <summary>When a parallel block completes.</summary>
public enum JoinMode
{
    /// <summary>Every branch approves.</summary>
    All,
    /// <summary>The first approving branch completes it; the others are cancelled.</summary>
    Any,
    /// <summary><see cref="ParallelDefinition.Quorum"/> branches approve.</summary>
    Quorum,
}
