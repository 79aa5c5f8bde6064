namespace OneStop.Engine;

/// <summary>Host hook: produces case numbers (受理编号). Numbers must be unique; when a number turns out to be
/// taken the engine asks again with a higher <see cref="CaseNumberArguments.Attempt"/>. Failures propagate.</summary>
public interface ICaseNumberGenerator
{
    /// <summary>Returns a new case number.</summary>
    ValueTask<string> NextAsync(CaseNumberArguments arguments, CancellationToken cancellationToken);
}
