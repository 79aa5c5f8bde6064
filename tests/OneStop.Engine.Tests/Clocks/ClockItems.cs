using OneStop.Definitions;

namespace OneStop.Engine.Tests.Clocks;

/// <summary>Items with time limits for the clock tests.</summary>
internal static class ClockItems
{
    /// <summary>Promised item: statutory 20, promised 15 workdays; review (3 workdays, auto-pass) then decide (2 workdays, escalate).</summary>
    public const string LimitsCode = "000200000001";
    public static string Limits => SomeItems.Item(LimitsCode, """
        - { step: review, name: 审查, role: clerk, limit: 3 workdays, on-timeout: auto-pass }
        - { step: decide, name: 决定, role: boss, limit: 2 workdays, on-timeout: { action: escalate, to: boss } }
        """, extra: "time: { statutory: 20 workdays, promised: 15 workdays }");

    /// <summary>Deemed approval on timeout; one step without a limit.</summary>
    public const string DeemedCode = "000200000002";
    public static string Deemed => SomeItems.Item(DeemedCode, "- { step: review, role: clerk }",
        extra: "time: { statutory: 20 workdays, on-timeout: deemed-approved }");

    /// <summary>Referred item (Art.43 review clock).</summary>
    public const string ReferredCode = "000200000003";
    public static string Referred => SomeItems.Item(ReferredCode, "- { step: review, role: clerk }", kind: "referred");

    /// <summary>A step with a special procedure budget.</summary>
    public const string InspectionCode = "000200000004";
    public static string Inspection => SomeItems.Item(InspectionCode, """
        - { step: inspect, role: clerk, limit: 5 workdays, special-procedure: { kind: site-inspection, budget: 10 workdays } }
        - { step: decide, role: boss }
        """);

    /// <summary>Joint item: 45 + 15 workdays by default.</summary>
    public const string JointCode = "000200000005";
    public static string Joint => SomeItems.Item(JointCode, "- { step: review, role: clerk }", kind: "joint");

    /// <summary>Item-specific warnings: Reminder at 2 workdays remaining, Yellow at 90% used.</summary>
    public const string WarnedCode = "000200000006";
    public static string Warned => SomeItems.Item(WarnedCode, "- { step: review, role: clerk }", extra: """
        time:
          statutory: 5 workdays
          warnings:
            - { level: reminder, remaining: 2 workdays }
            - { level: yellow, used: 90% }
        """);

    public static Catalogue All() => SomeItems.Catalogue(Limits, Deemed, Referred, Inspection, Joint, Warned, SomeItems.Simple);
}
