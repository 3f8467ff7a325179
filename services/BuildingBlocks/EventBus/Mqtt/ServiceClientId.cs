using System.Security.Cryptography;
using System.Text;

namespace Hiroba.EventBus.Mqtt;

/// <summary>
/// The MQTT client id of a service's session. Client ids are one namespace across all of the broker's listeners, and a
/// connection with a taken id makes the broker close the other one and hand it the session, so an id anyone can guess
/// (the app id) would let any page on the public websockets listener cut a service off its events. The id is the
/// session's name followed by an HMAC of that name keyed with the services' broker password: stable across restarts
/// (the persistent session and the events queued in it survive), distinct per name (per replica), and unknown to anyone
/// who does not have the password.
/// </summary>
internal static class ServiceClientId
{
    private const string Purpose = "hiroba-mqtt-client-id:";
    private const int SuffixBytes = 16;

    public static string Create(string sessionName, string password)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(Purpose + sessionName));
        return $"{sessionName}-{Convert.ToHexStringLower(mac.AsSpan(0, SuffixBytes))}";
    }
}
