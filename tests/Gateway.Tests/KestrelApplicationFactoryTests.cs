using System.Net;
using Hiroba.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// The gateway's <c>Program</c> starts its own server (<c>app.Run()</c>) on the entry point's thread while the factory's
/// thread is still inside <c>CreateHost</c>. These tests let the app win that race every time.
/// </summary>
public sealed class KestrelApplicationFactoryTests
{
    [Fact]
    public async Task The_gateway_is_served_on_a_loopback_port_when_its_server_started_before_the_factory_looked()
    {
        using var keyRing = new TemporaryDirectory("keyring");
        await using var gateway = new ServerStartsFirstFactory(GatewayFactory.BaseSettings(keyRing.Path));
        using var client = new HttpClient { BaseAddress = gateway.RootUri };

        using var response = await client.GetAsync("/api/site");

        Assert.Equal(IPAddress.Loopback.ToString(), gateway.RootUri.Host);
        Assert.NotEqual(0, gateway.RootUri.Port);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The gateway, handed to the factory only once the app has started its server.</summary>
    private sealed class ServerStartsFirstFactory(IReadOnlyDictionary<string, string?> settings) : KestrelApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }

        protected override IHost CreateHost(IHostBuilder builder) => base.CreateHost(new BuiltOnceStarted(builder));
    }

    /// <summary>Returns the built host only after the app's own <c>Run</c> has started it.</summary>
    private sealed class BuiltOnceStarted(IHostBuilder inner) : IHostBuilder
    {
        private static readonly TimeSpan StartBound = TimeSpan.FromMinutes(1);

        public IDictionary<object, object> Properties => inner.Properties;

        public IHost Build()
        {
            var host = inner.Build();
            var started = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted;
            if (!started.WaitHandle.WaitOne(StartBound))
            {
                throw new InvalidOperationException($"The gateway did not start its server within {StartBound}.");
            }
            return host;
        }

        public IHostBuilder ConfigureHostConfiguration(Action<IConfigurationBuilder> configureDelegate) =>
            inner.ConfigureHostConfiguration(configureDelegate);

        public IHostBuilder ConfigureAppConfiguration(Action<HostBuilderContext, IConfigurationBuilder> configureDelegate) =>
            inner.ConfigureAppConfiguration(configureDelegate);

        public IHostBuilder ConfigureServices(Action<HostBuilderContext, IServiceCollection> configureDelegate) =>
            inner.ConfigureServices(configureDelegate);

        public IHostBuilder UseServiceProviderFactory<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory)
            where TContainerBuilder : notnull => inner.UseServiceProviderFactory(factory);

        public IHostBuilder UseServiceProviderFactory<TContainerBuilder>(Func<HostBuilderContext, IServiceProviderFactory<TContainerBuilder>> factory)
            where TContainerBuilder : notnull => inner.UseServiceProviderFactory(factory);

        public IHostBuilder ConfigureContainer<TContainerBuilder>(Action<HostBuilderContext, TContainerBuilder> configureDelegate) =>
            inner.ConfigureContainer(configureDelegate);
    }
}
