using System.Text.Json;
using OneStop.Definitions;
using OneStop.Engine.Supervision.Configuration;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Supervision;

/// <summary>Builds alerts (with their 督办 due date) and their outbox messages.</summary>
internal sealed class AlertFactory(SupervisionConfiguration configuration, WorkingCalendar calendar)
{
    /// <summary>Outbox channel of alerts.</summary>
    public const string Channel = "alert";

    public Alert Create(string alertId, string caseNumber, string itemCode, string ruleId, AlertLevel level, string? stepId, string? department,
        string? actor, string evidence, DateTimeOffset now)
    {
        var amount = configuration.Supervise[(int)level];
        var by = amount is { } a ? calendar.Add(now, a).Instant : (DateTimeOffset?)null;
        return new Alert(alertId, caseNumber, itemCode, ruleId, level, AlertStatus.Raised, stepId, department, actor, evidence, now, by);
    }

    /// <summary>The payload of an alert message.</summary>
    public static byte[] Payload(Alert alert) => JsonSerializer.SerializeToUtf8Bytes(alert, SupervisionJsonContext.Default.Alert);

    /// <summary>An outbox message for an alert-only write; the id names the alert and the change, so it is stable.</summary>
    public static OutboxMessage Message(Alert alert, string change, DateTimeOffset now) =>
        new(alert.AlertId + "/" + change, alert.CaseNumber, Channel, change, Payload(alert), now);

    /// <summary>The stricter of two levels.</summary>
    public static AlertLevel Max(AlertLevel a, AlertLevel? b) => b is { } x && x > a ? x : a;
}
