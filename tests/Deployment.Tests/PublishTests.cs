using Hiroba.Deployment.Tests.Files;
using Hiroba.Deployment.Tests.Services;

namespace Hiroba.Deployment.Tests;

[Collection(PublishedImagesCollection.Name)]
public sealed class PublishTests(PublishedImages images)
{
    [Theory]
    [MemberData(nameof(ServiceProject.Folders), MemberType = typeof(ServiceProject))]
    public void The_Dockerfiles_dotnet_publish_succeeds_and_the_image_holds_the_entry_assembly(string folder)
    {
        var result = images[folder];

        Assert.True(result.ExitCode == 0, $"dotnet publish of {folder} failed:\n{result.Output}");
        Assert.True(File.Exists(Path.Combine(result.App, ServiceProject.Named(folder).AssemblyFile)));
        Assert.Empty(Directory.GetFiles(result.App, "*.csproj", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetDirectories(result.App, "obj", SearchOption.AllDirectories));
    }

    [Fact]
    public void The_gateway_image_holds_the_mqtt_js_it_serves() =>
        Assert.True(File.Exists(Path.Combine(images["Gateway"].App, "node_modules", "mqtt", "dist", "mqtt.min.js")));
}
