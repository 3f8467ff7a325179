using System.Globalization;

namespace Hiroba.RoomBench;

internal static class RunReport
{
    /// <summary>One line per run, "warm-up: …" or "run  3: …".</summary>
    public static void Write(int run, FormattableString measured) =>
        Console.WriteLine($"{(run == 0 ? "warm-up" : $"run {run,2}")}: {measured.ToString(CultureInfo.InvariantCulture)}");
}
