// Room benchmark (issue 12): a workshop across a two-host LAN made inside the benchmark's own network namespace
// (tests/TestSupport/Lan: a veth pair to a second namespace, Hiroba on HTTPS at the server's end, the host's Chromium
// beside it, a guest's Chromium at the other end, both trusting the room's local CA). It times (a) a guest pressing
// Start to the first image on the host's wall and (b) a guest pressing Join on the call page to the first decoded
// frame with relay-only ICE through coturn on the LAN address.
// Usage (see bench/README.md): unshare --net bash -c 'ip link set lo up && dotnet bench/RoomBench/bin/Release/net10.0/Hiroba.RoomBench.dll [runs]'
using System.Globalization;
using Hiroba.LocalComponents;
using Hiroba.RoomBench;
using Hiroba.TestSupport.Lan;

if (!OperatingSystem.IsLinux())
{
    Console.Error.WriteLine("The room benchmark needs Linux network namespaces.");
    return 1;
}
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
Console.WriteLine($"Room benchmark: {Environment.ProcessorCount} cores, {runs} runs of each after one warm-up, load average at start {ProcReadings.LoadAverages()}");

var room = new LanRoom();
try
{
    await room.InitializeAsync();
    Console.WriteLine($"The room is at {room.PublicUri}; the guest host is {room.GuestHost.GuestAddress}.");
    var wall = await WallScenario.RunAsync(room, runs);
    var call = await CallScenario.RunAsync(room, runs);

    Console.WriteLine();
    Console.WriteLine($"guest presses Start → first image on the host's wall: {LatencySummary.Describe(wall)}");
    Console.WriteLine($"call page Join → first decoded frame, relay-only ICE:  {LatencySummary.Describe(call.Select(result => result.FirstFrame))}");
    Console.WriteLine($"call page Join → peer connection connected:           {LatencySummary.Describe(call.Select(result => result.Connected))}");
    Console.WriteLine($"load average at end {ProcReadings.LoadAverages()}");
    return 0;
}
finally
{
    await room.DisposeAsync();
}
