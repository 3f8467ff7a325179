using Hiroba.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hiroba.Turn;

public static class TurnExtensions
{
    /// <summary>Adds <see cref="IceServerProvider"/>; <c>Turn:Secret</c> and <c>Turn:Host</c> are required at start-up.</summary>
    public static IServiceCollection AddIceServers(this IServiceCollection services)
    {
        services.AddValidatedOptions<TurnOptions>(TurnOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IceServerProvider>();
        return services;
    }
}
