using System.Text.Json.Serialization;

namespace Hiroba.Turn;

/// <summary>
/// One <c>RTCIceServer</c> as browsers, Momo and the Ayame SDK read it. <see cref="Urls"/> is always an
/// array (Momo rejects a bare string); a STUN entry carries no username or credential at all, not nulls.
/// </summary>
public sealed record IceServer(
    IReadOnlyList<string> Urls,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Username = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Credential = null);
