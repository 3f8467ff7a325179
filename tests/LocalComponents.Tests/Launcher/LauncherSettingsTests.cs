using Hiroba.Launcher;

namespace Hiroba.LocalComponents.Tests.Launcher;

public class LauncherSettingsTests
{
    [Fact]
    public void Defaults_are_the_data_folder_port_8080_and_Release()
    {
        var settings = LauncherSettings.FromEnvironment(_ => null);

        Assert.Equal(Path.GetFullPath("data"), settings.DataPath);
        Assert.Equal(8080, settings.GatewayPort);
        Assert.Null(settings.AdminPassword);
        Assert.Equal("Release", settings.BuildConfiguration);
    }

    [Fact]
    public void Environment_variables_override_the_defaults()
    {
        var environment = new Dictionary<string, string>
        {
            ["HIROBA_DATA"] = "/tmp/elsewhere", ["HIROBA_PORT"] = "9090", ["HIROBA_ADMIN_PASSWORD"] = "long-enough-password",
        };

        var settings = LauncherSettings.FromEnvironment(environment.GetValueOrDefault);

        Assert.Equal(("/tmp/elsewhere", 9090, "long-enough-password"), (settings.DataPath, settings.GatewayPort, settings.AdminPassword));
    }

    [Theory]
    [InlineData("HIROBA_PORT", "http")]
    [InlineData("HIROBA_PORT", "70000")]
    [InlineData("HIROBA_PORT", "-1")]
    [InlineData("HIROBA_ADMIN_PASSWORD", "short")]
    public void Bad_values_are_refused_with_a_message_naming_the_variable(string variable, string value)
    {
        var error = Assert.Throws<LauncherSettingsException>(
            () => LauncherSettings.FromEnvironment(name => name == variable ? value : null));

        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
    }
}
