namespace Hiroba.TestSupport.Momo;

/// <summary>
/// The timers of Momo's Ayame client (<c>ayame_client.cpp</c>, <c>watchdog.cpp</c>); the defaults are Momo's. Tests of
/// the watchdog itself may shorten them.
/// </summary>
/// <param name="ConnectingWatchdog">Armed when connecting: no <c>ping</c> for this long → reset and reconnect (30 s).</param>
/// <param name="ConnectedWatchdog">Armed once ICE is connected (60 s).</param>
/// <param name="RetryStep">A failed connect retries after <c>step × retries</c> (5 × 2 = 10 s per retry) ...</param>
/// <param name="MaxRetryDelay">... capped here (30 s). A clean close (e.g. after <c>bye</c>) resets the count: at once.</param>
public sealed record MomoAyameTimers(TimeSpan ConnectingWatchdog, TimeSpan ConnectedWatchdog, TimeSpan RetryStep, TimeSpan MaxRetryDelay)
{
    public static readonly MomoAyameTimers Momo = new(
        TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
}
