using System.Globalization;

namespace Hiroba.Deployment.Tests.Files;

/// <summary>One service as deployed: its project, Dockerfile, compose service and (except the gateway) Dapr sidecar.</summary>
internal sealed record ServiceDeployment(ServiceProject Project, Dockerfile Dockerfile, ComposeService Service, ComposeService? Sidecar)
{
    public static ServiceDeployment Of(string folder)
    {
        var project = ServiceProject.Named(folder);
        var compose = ComposeFile.Instance;
        var service = compose.BuiltFrom(project)
            ?? throw new Xunit.Sdk.XunitException($"No service in {ComposeFile.FileName} builds {project.Dockerfile}.");
        return new ServiceDeployment(project, Dockerfile.Load(project.Dockerfile), service, compose.SidecarOf(service));
    }

    public static IEnumerable<ServiceDeployment> All => ServiceProject.All.Select(project => Of(project.Folder));

    /// <summary>
    /// The port the service listens on in its container: ASPNETCORE_HTTP_PORTS from the compose environment, or else
    /// from the image (the final stage's ENV).
    /// </summary>
    public int ListeningPort
    {
        get
        {
            var ports = Service.Environment.GetValueOrDefault("ASPNETCORE_HTTP_PORTS")
                ?? Dockerfile.Final.All("ENV").Select(env => env.Arguments.Split('=', 2)).LastOrDefault(pair => pair[0] == "ASPNETCORE_HTTP_PORTS")?[1]
                ?? throw new Xunit.Sdk.XunitException($"{Project.Dockerfile} sets no ASPNETCORE_HTTP_PORTS.");
            if (Service.Environment.ContainsKey("ASPNETCORE_URLS"))
            {
                throw new Xunit.Sdk.XunitException($"{Service.Name} sets ASPNETCORE_URLS; set the port with ASPNETCORE_HTTP_PORTS.");
            }
            return int.Parse(ports, CultureInfo.InvariantCulture);
        }
    }
}
