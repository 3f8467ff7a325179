using Hiroba.Deployment.Tests.Files;

namespace Hiroba.Deployment.Tests;

public sealed class DaprComponentsTests
{
    private const string PubSubName = "pubsub";
    private static readonly ComposeFile Compose = ComposeFile.Instance;
    private static readonly DaprResource PubSub = DaprResource.Named("Component", PubSubName);

    [Fact]
    public void The_pubsub_component_is_mqtt3_with_at_least_once_delivery_and_a_unique_client_id_per_sidecar()
    {
        var metadata = PubSub.Metadata;

        Assert.Equal("pubsub.mqtt3", PubSub.ComponentType);
        Assert.Equal("1", metadata["qos"].Scalar("value"));
        Assert.Equal("false", metadata["retain"].Scalar("value"));
        // The consumer id is the MQTT client id: a replica with the same id would take over the other's connection.
        Assert.Contains("{uuid}", metadata["consumerID"].Scalar("value"), StringComparison.Ordinal);
        Assert.Equal("true", metadata["cleanSession"].Scalar("value"));
    }

    [Fact]
    public void The_services_publish_to_the_pubsub_component_under_the_name_the_event_bus_uses()
    {
        // EventBus:PubSubName defaults to "pubsub" (docs/event-bus.md); compose must not set another.
        Assert.All(ServiceDeployment.All, deployment =>
            Assert.Equal(PubSubName, deployment.Service.Environment.GetValueOrDefault("EventBus__PubSubName", PubSubName)));
    }

    [Fact]
    public void Every_sidecar_reaches_the_compose_broker_on_its_internal_listener_as_the_services_user()
    {
        var url = PubSub.Metadata["url"];
        Assert.Null(url.Scalar("value"));
        var secretName = url.Mapping("secretKeyRef")!.Scalar("name")!;
        var broker = MosquittoConfig.Load().Listeners.Single(listener => listener.Protocol == "mqtt" && listener.BindAddress is null);
        var servicesUser = Assert.Single(MosquittoAcl.Load().Entries, entry => entry.TopicFilter == "#").User;

        Assert.NotEmpty(Compose.Sidecars);
        Assert.All(Compose.Sidecars, sidecar =>
        {
            var brokerUrl = new Uri(ComposeVariables.Resolve(sidecar.Environment[secretName], SampleEnvironment.Values));
            Assert.Equal("tcp", brokerUrl.Scheme);
            Assert.Equal("mosquitto", brokerUrl.Host);
            Assert.StartsWith("eclipse-mosquitto:", Compose.Services[brokerUrl.Host].Image, StringComparison.Ordinal);
            Assert.Equal(broker.Port, brokerUrl.Port);
            Assert.Equal($"{servicesUser}:{SampleEnvironment.Values["MQTT_PASSWORD"]}", brokerUrl.UserInfo);
        });
        Assert.Equal("false", broker.Setting("allow_anonymous"));
    }

    [Fact]
    public void The_broker_url_comes_from_an_environment_secret_store_in_the_components_folder()
    {
        var storeName = PubSub.Root.Mapping("auth")!.Scalar("secretStore");
        var store = Assert.Single(DaprResource.All, resource => resource.Kind == "Component" && resource.Name == storeName);

        Assert.Equal("secretstores.local.env", store.ComponentType);
    }

    [Fact]
    public void Delivery_to_the_app_and_publishing_to_the_broker_are_retried()
    {
        var resiliency = Assert.Single(DaprResource.All, resource => resource.Kind == "Resiliency");
        var policies = resiliency.Spec.Mapping("policies")!;
        var target = resiliency.Spec.Mapping("targets")!.Mapping("components")!.Mapping(PubSubName)!;

        foreach (var direction in new[] { "inbound", "outbound" })
        {
            var policy = target.Mapping(direction)!;
            var retry = policies.Mapping("retries")!.Mapping(policy.Scalar("retry")!);
            Assert.NotNull(retry);
            Assert.NotEqual("0", retry.Scalar("maxRetries"));
            if (policy.Scalar("timeout") is { } timeout)
            {
                Assert.NotNull(policies.Mapping("timeouts")!.Scalar(timeout));
            }
            if (policy.Scalar("circuitBreaker") is { } breaker)
            {
                Assert.NotNull(policies.Mapping("circuitBreakers")!.Mapping(breaker));
            }
        }
    }

    [Fact]
    public void Every_sidecar_loads_the_components_folder_and_its_configuration_allows_publishing()
    {
        Assert.All(Compose.Sidecars, sidecar =>
        {
            var daprd = sidecar.DaprdArguments;
            var resources = daprd.Value("--resources-path")!;
            var mount = Assert.Single(sidecar.Volumes, mount => mount.Target == resources);
            Assert.Equal("./" + DaprResource.Folder, mount.Source);
            Assert.True(mount.ReadOnly);
            var configuration = DaprResource.Load(DaprResource.Folder + daprd.Value("--config")![resources.Length..]);
            Assert.Equal("Configuration", configuration.Kind);
            Assert.Contains(configuration.Spec.Mapping("api")!.Sequence("allowed")!.Children.Cast<YamlDotNet.RepresentationModel.YamlMappingNode>(),
                rule => rule.Scalar("name") == "publish" && rule.Scalar("protocol") == "http");
        });
    }
}
