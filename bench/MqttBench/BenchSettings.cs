namespace Hiroba.MqttBench;

/// <summary>What every scenario uses; the numbers follow issue 2's benchmark definition.</summary>
internal sealed record BenchSettings(
    string Host,
    int Port,
    string Username,
    string Password,
    int ThroughputMessages,
    int Publishers,
    int LatencyRate,
    TimeSpan LatencyDuration)
{
    public const int PayloadSize = 200;

    /// <summary>Settings from the command line: <c>[messages] [latency seconds]</c>.</summary>
    public static BenchSettings From(string[] args, string host, int port, string username, string password) => new(
        host,
        port,
        username,
        password,
        ThroughputMessages: args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200_000,
        Publishers: 8,
        LatencyRate: 1_000,
        LatencyDuration: TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10));

    public int LatencyMessages => (int)(LatencyRate * LatencyDuration.TotalSeconds);

    public string NewTopic(string scenario) => $"bench/{scenario}/{Guid.NewGuid():N}";
}
