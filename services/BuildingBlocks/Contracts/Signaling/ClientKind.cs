using System.Text.Json.Serialization;

namespace Hiroba.Contracts.Signaling;

[JsonConverter(typeof(JsonStringEnumConverter<ClientKind>))]
public enum ClientKind
{
    /// <summary>Hiroba's own protocol on <c>/ws/signaling</c> (the call page).</summary>
    Hiroba,

    /// <summary>The Ayame-compatible endpoint <c>/signaling</c> (Momo, the Ayame web SDK).</summary>
    Ayame,
}
