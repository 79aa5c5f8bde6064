namespace OneStop.Engine;

/// <summary>Supervision settings, validated once when <c>AddOneStop</c> runs.</summary>
public sealed class SupervisionOptions
{
    /// <summary>Path of <c>supervision.yaml</c>; null uses the built-in defaults (every rule on at its default level).</summary>
    public string? ConfigurationFile { get; set; }

    /// <summary>Configuration text instead of a file (labelled <see cref="ConfigurationLabel"/> in errors); ignored when a file is given.</summary>
    public string? ConfigurationText { get; set; }

    /// <summary>Label of <see cref="ConfigurationText"/> in diagnostics. Default <c>supervision.yaml</c>.</summary>
    public string ConfigurationLabel { get; set; } = "supervision.yaml";

    /// <summary>How often the supervision worker looks for alerts past their 督办 due date. Default 5 minutes.</summary>
    public TimeSpan OverdueCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether a hosted worker runs the overdue check (default true; also off when the deadline worker is switched off);
    /// without it call <see cref="IAlertService.RaiseOverdueAsync"/>.</summary>
    public bool Worker { get; set; } = true;

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (OverdueCheckInterval <= TimeSpan.Zero) errors.Add($"{nameof(OverdueCheckInterval)} must be positive (was {OverdueCheckInterval}).");
        if (ConfigurationFile is not null && !File.Exists(ConfigurationFile)) errors.Add($"The supervision configuration file '{ConfigurationFile}' does not exist.");
        if (string.IsNullOrWhiteSpace(ConfigurationLabel)) errors.Add($"{nameof(ConfigurationLabel)} must not be empty.");
        return errors;
    }
}
