namespace Hiroba.Signaling.Tests;

/// <summary>The same stack with the keep-alive timers shortened, so silent clients are dropped within seconds.</summary>
public sealed class ShortTimeoutStack : SignalingStack
{
    protected override IDictionary<string, string?> SettingsFor(string serviceName)
    {
        var settings = base.SettingsFor(serviceName);
        settings["Signaling:PingInterval"] = "00:00:01";
        settings["Signaling:PeerTimeout"] = "00:00:03";
        settings["Signaling:Ayame:PingInterval"] = "00:00:01";
        // Long enough that a test client starved of CPU for a moment beside the other fixtures still answers in time.
        settings["Signaling:Ayame:PongTimeout"] = "00:00:05";
        settings["Signaling:Ayame:ReadTimeout"] = "00:00:08";
        return settings;
    }
}
