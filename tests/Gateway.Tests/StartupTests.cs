using Hiroba.TestSupport;
using Microsoft.Extensions.Options;

namespace Hiroba.Gateway.Tests;

public sealed class StartupTests
{
    [Theory]
    [InlineData("Auth:AdminPassword")]
    [InlineData("Auth:KeyRingPath")]
    public async Task The_gateway_refuses_to_start_without_a_required_setting_and_names_it(string missingSetting)
    {
        using var keyRing = new TemporaryDirectory("keyring");
        var settings = GatewayFactory.BaseSettings(keyRing.Path);
        settings.Remove(missingSetting);
        await using var gateway = new GatewayFactory(settings);

        var error = Assert.Throws<OptionsValidationException>(() => gateway.RootUri);

        Assert.Contains(missingSetting, error.Message, StringComparison.Ordinal);
    }
}
