using Microsoft.Extensions.DependencyInjection;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Engine.Storage;

namespace OneStop;

/// <summary>Configures OneStop inside <c>services.AddOneStop(b => …)</c>. Everything is optional except the
/// catalogue; the store defaults to the in-memory store, the clock to <see cref="TimeProvider.System"/>, the
/// authorizer to allow-all and case numbers to <c>{item}-{yyyyMMdd}-{seq}</c>. Adapters add their own
/// <c>UseX</c> extension methods (e.g. <c>UseSqlite</c>) built on <see cref="UseStore(Func{IServiceProvider, ICaseStore})"/>.</summary>
public sealed class OneStopBuilder
{
    internal OneStopBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection, for adapters that register more services.</summary>
    public IServiceCollection Services { get; }

    internal Func<Catalogue>? CatalogueFactory { get; private set; }
    internal Func<IServiceProvider, ICaseStore>? StoreFactory { get; private set; }
    internal TimeProvider? Time { get; private set; }
    internal OneStopOptions Options { get; } = new();
    internal bool Worker { get; private set; } = true;
    internal List<string> Errors { get; } = [];

    /// <summary>Loads every item file under <paramref name="directory"/> when the services are registered; loading
    /// errors are reported together in a <see cref="OneStopConfigurationException"/>.</summary>
    public OneStopBuilder UseCatalogue(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        CatalogueFactory = () => CatalogueLoader.LoadDirectory(directory).GetValueOrThrow();
        return this;
    }

    /// <summary>Uses an already loaded catalogue.</summary>
    public OneStopBuilder UseCatalogue(Catalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        CatalogueFactory = () => catalogue;
        return this;
    }

    /// <summary>Uses a store built from the service provider (adapters call this).</summary>
    public OneStopBuilder UseStore(Func<IServiceProvider, ICaseStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        StoreFactory = factory;
        return this;
    }

    /// <summary>Uses a store instance.</summary>
    public OneStopBuilder UseStore(ICaseStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        StoreFactory = _ => store;
        return this;
    }

    /// <summary>Uses a clock other than the system's (tests use a fake one).</summary>
    public OneStopBuilder UseTimeProvider(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Time = timeProvider;
        return this;
    }

    /// <summary>Adds a notification sink (several may be added; each gets every notice).</summary>
    public OneStopBuilder AddNotificationSink<T>() where T : class, INotificationSink
    {
        Services.AddSingleton<INotificationSink, T>();
        return this;
    }

    /// <summary>Adds a notification sink instance.</summary>
    public OneStopBuilder AddNotificationSink(INotificationSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        Services.AddSingleton(sink);
        return this;
    }

    /// <summary>Adds a service-step handler; its <see cref="IServiceHandler.Name"/> must be unique.</summary>
    public OneStopBuilder AddServiceHandler<T>() where T : class, IServiceHandler
    {
        Services.AddSingleton<IServiceHandler, T>();
        return this;
    }

    /// <summary>Adds a service-step handler instance.</summary>
    public OneStopBuilder AddServiceHandler(IServiceHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Services.AddSingleton(handler);
        return this;
    }

    /// <summary>Replaces the actor authorizer.</summary>
    public OneStopBuilder UseAuthorizer<T>() where T : class, IActorAuthorizer
    {
        Services.AddSingleton<IActorAuthorizer, T>();
        return this;
    }

    /// <summary>Replaces the actor authorizer with an instance.</summary>
    public OneStopBuilder UseAuthorizer(IActorAuthorizer authorizer)
    {
        ArgumentNullException.ThrowIfNull(authorizer);
        Services.AddSingleton(authorizer);
        return this;
    }

    /// <summary>Replaces the case-number generator.</summary>
    public OneStopBuilder UseCaseNumberGenerator<T>() where T : class, ICaseNumberGenerator
    {
        Services.AddSingleton<ICaseNumberGenerator, T>();
        return this;
    }

    /// <summary>Changes engine options (validated when registration completes).</summary>
    public OneStopBuilder Configure(Action<OneStopOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(Options);
        return this;
    }

    /// <summary>Whether a hosted worker delivers the outbox continuously (default true). Without it, call
    /// <see cref="ICaseEngine.ProcessOutboxAsync"/> yourself.</summary>
    public OneStopBuilder UseOutboxWorker(bool enabled)
    {
        Worker = enabled;
        return this;
    }
}
