namespace Hiroba.MqttBench;

/// <summary>One measured number; <see cref="Note"/> says what deviated (e.g. lost messages).</summary>
internal sealed record BenchResult(double Value, string? Note = null)
{
    public static BenchResult Throughput(int received, int expected, TimeSpan elapsed) => new(
        received / elapsed.TotalSeconds,
        received == expected ? null : $"{expected - received} of {expected} lost");

    public BenchResult WithNote(string note) => this with { Note = Note is null ? note : $"{Note}; {note}" };
}

/// <summary>Latency percentiles in milliseconds.</summary>
internal sealed record LatencyResult(BenchResult P50, BenchResult P99, BenchResult Max)
{
    public static LatencyResult From(IReadOnlyCollection<double> milliseconds, int expected)
    {
        var sorted = milliseconds.Order().ToArray();
        var note = sorted.Length == expected ? null : $"{sorted.Length} of {expected} samples";
        return new LatencyResult(
            new BenchResult(Percentile(sorted, 0.50), note),
            new BenchResult(Percentile(sorted, 0.99), note),
            new BenchResult(sorted.Length == 0 ? double.NaN : sorted[^1], note));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
