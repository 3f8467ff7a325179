using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Images;

namespace Hiroba.TestSupport.Containers;

/// <summary>
/// The images the tests run mosquitto and coturn in (tests/containers/README.md). By default the ones
/// <c>tests/containers/with-engine.sh</c> made from Debian's packages and imported into its own Docker engine, named by
/// the variables it sets and never pulled; with <c>HIROBA_TEST_IMAGES=official</c>, the official images, pulled from a
/// public registry when missing.
/// </summary>
internal static class TestImages
{
    public const string Setting = "HIROBA_TEST_IMAGES";

    /// <summary>
    /// How long a server may take to answer after its container started (a process fixture's limit too), asked every
    /// 50 ms: the server is up about 0.1 s after the start, and Testcontainers' default interval (1 s) would make every
    /// fixture wait a second for nothing.
    /// </summary>
    public static void ReadyWithin(IWaitStrategy wait) =>
        wait.WithTimeout(TimeSpan.FromSeconds(30)).WithInterval(TimeSpan.FromMilliseconds(50));

    public static ContainerBuilder Mosquitto() =>
        Builder("HIROBA_TEST_MOSQUITTO_IMAGE", "eclipse-mosquitto:2.0", "/usr/sbin/mosquitto");

    public static ContainerBuilder Coturn() =>
        Builder("HIROBA_TEST_COTURN_IMAGE", "coturn/coturn:4.6", "/usr/bin/turnserver");

    /// <param name="executable">The server, at the same path in both images; it replaces the image's entrypoint.</param>
    private static ContainerBuilder Builder(string localImageVariable, string officialImage, string executable)
    {
        var official = Environment.GetEnvironmentVariable(Setting) switch
        {
            null or "" or "local" => false,
            "official" => true,
            var other => throw new InvalidOperationException($"{Setting} is '{other}': leave it unset (or 'local') or set it to 'official'."),
        };
        var image = official
            ? officialImage
            : Environment.GetEnvironmentVariable(localImageVariable) is { Length: > 0 } local
                ? local
                : throw new InvalidOperationException(
                    $"{localImageVariable} is not set: run the tests through ./test or tests/containers/with-engine.sh (which import the test images), " +
                    $"or set {Setting}=official to pull the official images.");
        var user = HostUser.Current;
        return new ContainerBuilder(image)
            .WithImagePullPolicy(official ? PullPolicy.Missing : PullPolicy.Never)
            .WithEntrypoint(executable)
            .WithCreateParameterModifier(parameters =>
            {
                // Host networking: the server listens on the tests' own addresses (loopback, a test LAN's veth), and
                // port bindings would need a bridge, which the tests' engine does not make.
                parameters.HostConfig!.NetworkMode = "host";
                // As the tests' own user, which owns the mounted folder and must be able to delete what the server writes.
                parameters.User = user;
            });
    }
}
