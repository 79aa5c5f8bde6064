namespace OneStop.Engine;

/// <summary>Which statutory clock a case runs.</summary>
public enum ClockKind
{
    /// <summary>补正告知: 5 workdays from receipt (行政许可法 Art.32); if it runs out the case is accepted as of receipt.</summary>
    Correction,
    /// <summary>法定时限: the statutory decision limit from acceptance (Art.42; joint items 45 workdays); paused by special procedures.</summary>
    Decision,
    /// <summary>承诺时限: the promised decision limit from acceptance; paused by special procedures.</summary>
    Promised,
    /// <summary>下级审查: lower-level review of referred items (Art.43, 20 workdays); paused by special procedures.</summary>
    Review,
    /// <summary>送达: delivery within 10 workdays of the decision (Art.44).</summary>
    Delivery,
    /// <summary>A step's own limit; paused by special procedures.</summary>
    Step,
    /// <summary>A special procedure's own budget (runs while the case is suspended).</summary>
    SpecialProcedure,
    /// <summary>容缺受理: the date promised materials are due.</summary>
    PendingMaterials,
    /// <summary>差评整改: contact the applicant, and rectify, after a bad evaluation (ids <c>rectification-contact#n</c>,
    /// <c>rectification#n</c>); started and stopped by the evaluation commands.</summary>
    Rectification,
}
