namespace Hiroba.CameraBridge.Status;

/// <summary>
/// When to probe a p2p camera next: every <see cref="StatusOptions.ProbeInterval"/> while it answers; after failures
/// the wait doubles up to <see cref="StatusOptions.MaxProbeInterval"/>, so an absent camera costs little.
/// </summary>
public sealed class ProbeSchedule(StatusOptions options)
{
    private int _failuresInARow;

    public TimeSpan Next(bool reachable)
    {
        if (reachable)
        {
            _failuresInARow = 0;
            return options.ProbeInterval;
        }
        _failuresInARow = Math.Min(_failuresInARow + 1, 30);
        var backedOff = options.ProbeInterval * Math.Pow(2, _failuresInARow - 1);
        return backedOff < options.MaxProbeInterval ? backedOff : options.MaxProbeInterval;
    }
}
