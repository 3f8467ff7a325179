namespace Hiroba.CameraBench;

/// <summary>A viewer's time to its first frame, over repeated views of one camera.</summary>
public static class Timings
{
    /// <summary>
    /// Watches <paramref name="runs"/> + 1 times, the first a warm-up, closing the view between; it stays open after the
    /// last. Returns the times sorted, in milliseconds.
    /// </summary>
    public static async Task<(List<double> FirstFrames, List<double> Connected)> RepeatAsync(ViewerPage viewer, string cameraId, int runs)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var firstFrames = new List<double>();
        var connected = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            var (connectedAfter, firstFrame) = await viewer.WatchAsync(cameraId);
            if (run > 0)
            {
                firstFrames.Add(firstFrame);
                connected.Add(connectedAfter);
            }
            if (run < runs)
            {
                await viewer.CloseViewerAsync();
            }
        }
        firstFrames.Sort();
        connected.Sort();
        return (firstFrames, connected);
    }

    public static double Median(IReadOnlyList<double> sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
