namespace Hiroba.Rooms.Model;

/// <summary>
/// Which Signaling instances got a whole answer to their room sync just now. An instance asks again while it has no
/// answer, so a Rooms that was down finds dozens of repeats from one instance waiting in its session; answering each
/// would announce every open room dozens of times before anything behind them is handled. A repeat that comes within
/// <see cref="RepeatWindow"/> of an answer to its instance is one of those, and is not answered again; a genuine repeat
/// (the answer was lost) comes at least 2 s after the request it repeats, so it is answered.
/// </summary>
public sealed class SyncAnswerLog(TimeProvider timeProvider)
{
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _answeredAt = new(StringComparer.Ordinal);

    public bool AnsweredJustNow(string instanceId)
    {
        lock (_gate)
        {
            return _answeredAt.TryGetValue(instanceId, out var at) && timeProvider.GetElapsedTime(at) < RepeatWindow;
        }
    }

    public void Answered(string instanceId)
    {
        lock (_gate)
        {
            // Only answers within the window matter, so the log holds no more than a second's worth.
            foreach (var (id, at) in _answeredAt)
            {
                if (timeProvider.GetElapsedTime(at) >= RepeatWindow)
                {
                    _answeredAt.Remove(id);
                }
            }
            _answeredAt[instanceId] = timeProvider.GetTimestamp();
        }
    }
}
