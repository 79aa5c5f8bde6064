namespace OneStop.Definitions;

/// <summary>The kind of an administrative item.</summary>
public enum ItemKind
{
    /// <summary>即办件: accepted, decided and delivered at the window in one call.</summary>
    Immediate,
    /// <summary>承诺件: decided within a promised number of working days.</summary>
    Promised,
    /// <summary>联办件: handled by several departments in parallel (statutory 45 workdays, extension 15).</summary>
    Joint,
    /// <summary>上报件: reviewed at a lower level (20 workdays, Art.43) and decided at a higher one.</summary>
    Referred,
}
