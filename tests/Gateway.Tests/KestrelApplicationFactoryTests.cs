using System.Net;
using Hiroba.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// The factory runs the gateway's top-level <c>Program</c> on a thread of its own, finds the host it builds through a
/// process-wide diagnostic event, and returns while that thread goes on to start the server. These tests line up the
/// other threads at the worst moment, every time.
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

    [Fact]
    public async Task A_host_another_test_builds_while_the_gateway_is_being_built_is_not_taken_for_the_gateway()
    {
        using var keyRing = new TemporaryDirectory("keyring");
        await using var gateway = new OtherHostBuiltMeanwhileFactory(GatewayFactory.BaseSettings(keyRing.Path));
        using var client = new HttpClient { BaseAddress = gateway.RootUri };

        using var response = await client.GetAsync("/api/site");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(gateway.OtherHostBuilt);
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

    /// <summary>
    /// The gateway, while its host is being built (the factory is listening for it), waits for a host built on a
    /// thread that, like another test's, does not carry the entry point's execution context.
    /// </summary>
    private sealed class OtherHostBuiltMeanwhileFactory(IReadOnlyDictionary<string, string?> settings) : KestrelApplicationFactory<Program>
    {
        public bool OtherHostBuilt { get; private set; }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
            Thread other;
            using (ExecutionContext.SuppressFlow())
            {
                other = new Thread(() =>
                {
                    using var host = WebApplication.CreateSlimBuilder().Build();
                    OtherHostBuilt = true;
                });
                other.Start();
            }
            other.Join();
        }
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
