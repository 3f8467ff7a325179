using Hiroba.AppHost;

namespace Hiroba.LocalComponents.Tests.AppHost;

public class RunSettingsTests
{
    [Fact]
    public void Defaults_are_the_data_folder_port_8080_and_the_dashboard_on_18888()
    {
        var settings = RunSettings.FromEnvironment(_ => null);

        Assert.Equal(Path.GetFullPath("data"), settings.DataPath);
        Assert.Equal(8080, settings.GatewayPort);
        Assert.Null(settings.AdminPassword);
        Assert.Equal(18888, settings.DashboardPort);
    }

    [Fact]
    public void Environment_variables_override_the_defaults()
    {
        var environment = new Dictionary<string, string>
        {
            ["HIROBA_DATA"] = "/tmp/elsewhere", ["HIROBA_PORT"] = "9090", ["HIROBA_ADMIN_PASSWORD"] = "long-enough-password",
        };

        var settings = RunSettings.FromEnvironment(environment.GetValueOrDefault);

        Assert.Equal(("/tmp/elsewhere", 9090, "long-enough-password"), (settings.DataPath, settings.GatewayPort, settings.AdminPassword));
    }

    [Fact]
    public void A_loopback_public_url_gives_the_plain_http_port_and_must_agree_with_HIROBA_PORT()
    {
        var settings = RunSettings.FromEnvironment(name => name == "HIROBA_PUBLIC_URL" ? "http://127.0.0.1:9090" : null);
        var conflict = Assert.Throws<RunSettingsException>(() => RunSettings.FromEnvironment(
            name => name switch { "HIROBA_PUBLIC_URL" => "http://127.0.0.1:9090", "HIROBA_PORT" => "9091", _ => null }));

        Assert.Equal(9090, settings.GatewayPort);
        Assert.Contains("HIROBA_PORT", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HIROBA_CAMERAS_lists_cameras_as_id_equals_url_separated_by_spaces_or_commas()
    {
        var settings = RunSettings.FromEnvironment(name => name == "HIROBA_CAMERAS" ? " porch=ws://10.0.0.5:8080/ws, lab=ws://10.0.0.6:8080/ws " : null);

        Assert.Equal([new LocalCamera("porch", "ws://10.0.0.5:8080/ws"), new LocalCamera("lab", "ws://10.0.0.6:8080/ws")], settings.Cameras);
        Assert.Empty(RunSettings.FromEnvironment(_ => null).Cameras);
    }

    [Fact]
    public void HIROBA_DASHBOARD_turns_the_dashboard_off_or_moves_it()
    {
        Assert.Null(RunSettings.FromEnvironment(name => name == "HIROBA_DASHBOARD" ? "off" : null).DashboardPort);
        Assert.Equal(19999, RunSettings.FromEnvironment(name => name == "HIROBA_DASHBOARD" ? "19999" : null).DashboardPort);
    }

    [Fact]
    public void HIROBA_REPLICAS_says_how_many_processes_of_the_services_that_can_run_as_several_start()
    {
        Assert.Equal(1, RunSettings.FromEnvironment(_ => null).Replicas);
        Assert.Equal(3, RunSettings.FromEnvironment(name => name == "HIROBA_REPLICAS" ? "3" : null).Replicas);
    }

    [Theory]
    [InlineData("HIROBA_REPLICAS", "0")]
    [InlineData("HIROBA_REPLICAS", "9")]
    [InlineData("HIROBA_REPLICAS", "two")]
    [InlineData("HIROBA_DASHBOARD", "anonymous")]
    [InlineData("HIROBA_DASHBOARD", "0")]
    [InlineData("HIROBA_CAMERAS", "ws://10.0.0.5:8080/ws")]
    [InlineData("HIROBA_CAMERAS", "porch=")]
    [InlineData("HIROBA_PORT", "http")]
    [InlineData("HIROBA_PORT", "70000")]
    [InlineData("HIROBA_PORT", "-1")]
    [InlineData("HIROBA_ADMIN_PASSWORD", "short")]
    [InlineData("HIROBA_PUBLIC_URL", "192.168.1.20:8443")]
    [InlineData("HIROBA_PUBLIC_URL", "https://192.168.1.20:8443/hiroba")]
    [InlineData("HIROBA_PUBLIC_URL", "https://user@192.168.1.20:8443")]
    [InlineData("HIROBA_PUBLIC_URL", "http://192.168.1.20:8080")]
    [InlineData("HIROBA_PUBLIC_URL", "https://192.168.1.20:8080")]
    [InlineData("HIROBA_TLS_CERT", "/etc/hiroba/cert.pem")]
    [InlineData("HIROBA_TLS_KEY", "/etc/hiroba/key.pem")]
    [InlineData("HIROBA_TURN_PORT", "turn")]
    public void Bad_values_are_refused_with_a_message_naming_the_variable(string variable, string value)
    {
        var error = Assert.Throws<RunSettingsException>(
            () => RunSettings.FromEnvironment(name => name == variable ? value : null));

        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
    }
}
