using Microsoft.Extensions.DependencyInjection;

namespace OneStop.Engine;

/// <summary>The shapes the feature builder extensions share: an options object registered once and configured in place,
/// and handlers added by type or instance.</summary>
internal static class BuilderRegistration
{
    /// <summary>The options instance registered in <paramref name="services"/>, registering a new one the first time.</summary>
    public static T OptionsOf<T>(IServiceCollection services) where T : class, new()
    {
        foreach (var d in services)
        {
            if (d.ServiceType == typeof(T) && d.ImplementationInstance is T existing) return existing;
        }
        var options = new T();
        services.AddSingleton(options);
        return options;
    }

    /// <summary>Runs <paramref name="configure"/> on the builder's <typeparamref name="T"/> options.</summary>
    public static OneStopBuilder Configure<T>(OneStopBuilder builder, Action<T> configure) where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        configure(OptionsOf<T>(builder.Services));
        return builder;
    }

    /// <summary>Adds one more <typeparamref name="TService"/> implemented by <typeparamref name="TImplementation"/>.</summary>
    public static OneStopBuilder Add<TService, TImplementation>(OneStopBuilder builder)
        where TService : class where TImplementation : class, TService
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<TService, TImplementation>();
        return builder;
    }

    /// <summary>Adds one more <typeparamref name="TService"/> instance.</summary>
    public static OneStopBuilder Add<TService>(OneStopBuilder builder, TService instance) where TService : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(instance);
        builder.Services.AddSingleton(instance);
        return builder;
    }
}
