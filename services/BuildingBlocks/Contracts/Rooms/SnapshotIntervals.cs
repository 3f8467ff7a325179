namespace Hiroba.Contracts.Rooms;

/// <summary>The screen wall's snapshot interval, chosen when a workshop room is created.</summary>
public static class SnapshotIntervals
{
    public const int MinSeconds = 1;
    public const int MaxSeconds = 60;
    public const int DefaultSeconds = 5;

    public static bool IsValid(int seconds) => seconds is >= MinSeconds and <= MaxSeconds;
}
