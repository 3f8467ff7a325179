using Hiroba.Deployment.Tests.Files;
using YamlDotNet.RepresentationModel;

namespace Hiroba.Deployment.Tests;

/// <summary>docker-compose.tls.yml: the gateway terminates TLS with mounted files, beside the TLS-proxy route of docker-compose.yml.</summary>
public sealed class GatewayTlsOverlayTests
{
    private const string FileName = "docker-compose.tls.yml";
    private static readonly YamlMappingNode Overlay = Files.YamlDocument.LoadMapping(FileName);
    private static readonly ComposeService Gateway = ComposeService.Parse("gateway", Overlay.Mapping("services")!.Mapping("gateway")!);

    [Fact]
    public void It_changes_only_the_gateway_and_only_the_compose_services_it_names_exist()
    {
        var services = Overlay.Mapping("services").Entries().Select(entry => entry.Key).ToArray();

        Assert.Equal(["gateway"], services);
        Assert.Equal(ServiceDeployment.Of("Gateway").Service.Name, Gateway.Name);
    }

    [Fact]
    public void The_published_https_port_is_the_one_the_gateway_serves_https_on()
    {
        var published = Assert.Single(Gateway.Ports);

        Assert.EndsWith($":{Gateway.Environment["ASPNETCORE_HTTPS_PORTS"]}", published, StringComparison.Ordinal);
        Assert.DoesNotContain(ServiceDeployment.Of("Gateway").Service.Ports, port => port.EndsWith($":{Gateway.Environment["ASPNETCORE_HTTPS_PORTS"]}", StringComparison.Ordinal));
    }

    [Fact]
    public void The_certificate_and_key_come_from_one_read_only_mount_the_operator_must_name()
    {
        var mount = Assert.Single(Gateway.Volumes);
        var folder = Assert.Single(ComposeVariables.In(mount.Source));

        Assert.True(mount.ReadOnly);
        Assert.True(folder.IsRequired, $"{folder.Name} has a default");
        Assert.StartsWith(mount.Target + "/", Gateway.Environment["Gateway__Tls__CertificatePath"], StringComparison.Ordinal);
        Assert.StartsWith(mount.Target + "/", Gateway.Environment["Gateway__Tls__KeyPath"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_public_url_is_required_because_plain_http_redirects_there()
    {
        var publicUrl = Assert.Single(ComposeVariables.In(Gateway.Environment["Gateway__PublicUrl"]));

        Assert.True(publicUrl.IsRequired);
    }

    [Fact]
    public void The_env_example_mentions_every_variable_of_the_overlay()
    {
        var example = Repository.Read(SampleEnvironment.ExampleFile);

        Assert.All(ComposeVariables.In(Repository.Read(FileName)), variable =>
            Assert.Contains($"# {variable.Name}=", example, StringComparison.Ordinal));
    }
}
