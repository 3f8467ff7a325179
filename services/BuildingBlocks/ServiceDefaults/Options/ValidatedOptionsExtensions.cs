using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hiroba.ServiceDefaults;

public static class ValidatedOptionsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to the configuration section and checks its
    /// DataAnnotations when the host starts, so a missing or invalid setting stops the service
    /// with a message that names the setting, e.g. <c>Auth:KeyRingPath</c>.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(
        this IServiceCollection services, string sectionName)
        where TOptions : class
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(
            new SettingsValidator<TOptions>(sectionName)));
        return services.AddOptions<TOptions>()
            .BindConfiguration(sectionName)
            .ValidateOnStart();
    }
}
