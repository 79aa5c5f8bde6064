using OneStop.Engine;

namespace OneStop.Samples.QuickStart;

/// <summary>Prints applicant notices as they leave the outbox (a real host would send an SMS or a letter).</summary>
internal sealed class ConsoleNotificationSink : INotificationSink
{
    public int Count { get; private set; }

    public ValueTask SendAsync(NotificationArguments arguments, CancellationToken cancellationToken)
    {
        Count++;
        var n = arguments.Notification;
        var text = n.Kind switch
        {
            NotificationKind.Receipt => "收件回执",
            NotificationKind.CorrectionNotice => "一次性补正告知：" + string.Join("、", n.Items!.Select(i => i.Problem ?? i.MaterialId)),
            NotificationKind.Refusal => "不予受理：" + n.Reason,
            NotificationKind.Acceptance => "受理通知",
            NotificationKind.Decision => "决定：" + n.Outcome,
            NotificationKind.Extension => "延期告知：" + n.Reason,
            NotificationKind.SpecialProcedure => (n.Ended == true ? "特别程序结束：" : "特别程序告知：") + n.Reason,
            NotificationKind.Closure => "办件终结：" + n.Reason,
            _ => null,
        };
        if (text is not null) Console.WriteLine($"  [通知 {n.Applicant}] {n.CaseNumber} {text}");
        return ValueTask.CompletedTask;
    }
}
