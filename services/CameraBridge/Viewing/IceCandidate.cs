namespace Hiroba.CameraBridge.Viewing;

/// <summary>
/// The <c>ice</c> member of a candidate message. Momo reads all three members without checking them (a missing or
/// mistyped one ends its read loop), so the bridge passes on only candidates that have all three, well-typed.
/// </summary>
public sealed record IceCandidate(string Candidate, string SdpMid, int SdpMLineIndex)
{
    public const int MaxCandidateLength = 2048;
    public const int MaxSdpMidLength = 64;
    public const int MaxSdpMLineIndex = 1023;

    public static IceCandidate? TryCreate(string? candidate, string? sdpMid, int? sdpMLineIndex) =>
        candidate is { Length: > 0 and <= MaxCandidateLength }
        && sdpMid is { Length: <= MaxSdpMidLength }
        && sdpMLineIndex is >= 0 and <= MaxSdpMLineIndex
            ? new IceCandidate(candidate, sdpMid, sdpMLineIndex.Value)
            : null;
}
