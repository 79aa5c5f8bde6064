using Microsoft.Extensions.DependencyInjection;
using OneStop.Adapters.Sqlite;

namespace OneStop;

/// <summary>Registers the embedded SQLite store: <c>services.AddOneStop(b => b.UseSqlite("onestop.db"))</c>.</summary>
public static class SqliteOneStopBuilderExtensions
{
    /// <summary>Stores cases in the SQLite file at <paramref name="path"/> (created on first use, upgraded in place).
    /// Arguments and options are checked here; the file is opened when the store is first resolved, and the
    /// container closes it on disposal. The store's bookkeeping clock is the engine's <see cref="TimeProvider"/>
    /// unless the options name another.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException">The path is empty or the options are invalid (all problems listed).</exception>
    public static OneStopBuilder UseSqlite(this OneStopBuilder builder, string path, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var options = new SqliteStoreOptions();
        var clockSet = false;
        if (configure is not null)
        {
            var before = options.TimeProvider;
            configure(options);
            clockSet = !ReferenceEquals(before, options.TimeProvider);
        }
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("Invalid SQLite store options: " + string.Join(" ", errors), nameof(configure));
        return builder.UseStore(sp =>
        {
            if (!clockSet && sp.GetService<TimeProvider>() is { } time) options.TimeProvider = time;
            return SqliteCaseStore.Open(path, options);
        });
    }
}
