namespace Hiroba.Turn;

/// <summary>
/// One <c>RTCIceServer</c> as browsers, Momo and the Ayame SDK read it. <see cref="Urls"/> is always an
/// array (Momo rejects a bare string).
/// </summary>
public sealed record IceServer(IReadOnlyList<string> Urls, string? Username = null, string? Credential = null);
