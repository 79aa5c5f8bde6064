using OneStop.Engine;

namespace OneStop.CrashHost;

/// <summary>Appends every delivered notification (<c>N messageId</c>) and deadline event (<c>D eventId case</c>) to a
/// file, one line per delivery, written through to the operating system before the delivery returns. A kill can cut
/// only an unfinished last line, which readers ignore.</summary>
public sealed class FileSink : INotificationSink, IDeadlineHandler, IDisposable
{
    private readonly FileStream _file;
    private readonly Lock _gate = new();

    public FileSink(string path) =>
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);

    public ValueTask SendAsync(NotificationArguments arguments, CancellationToken cancellationToken)
    {
        Write($"N {arguments.MessageId}\n");
        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(DeadlineEvent deadline, CancellationToken cancellationToken)
    {
        Write($"D {deadline.EventId} {deadline.CaseNumber}\n");
        return ValueTask.CompletedTask;
    }

    private void Write(string line)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(line);
        lock (_gate)
        {
            _file.Write(bytes);
            _file.Flush();
        }
    }

    public void Dispose() => _file.Dispose();
}
