using System.Net;

namespace Hiroba.TestSupport;

/// <summary>Which Snapshots process of a stack holds a workshop's wall, asked of each process on its own address.</summary>
public static class WallOwners
{
    /// <returns>The process (from 1) whose wall lists <paramref name="guestId"/>; null when none does. A process that is
    /// down lists nothing.</returns>
    public static async Task<int?> FindAsync(HirobaStack stack, string roomId, string hostKey, string guestId)
    {
        ArgumentNullException.ThrowIfNull(stack);
        int? owner = null;
        for (var replica = 1; replica <= stack.Replicas; replica++)
        {
            using var client = stack.Replica("Snapshots", replica).CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/snapshots/rooms/{roomId}/wall");
            request.Headers.Add("X-Host-Key", hostKey);
            using var response = await client.SendAsync(request).ContinueWith(
                sent => sent.IsCompletedSuccessfully ? sent.Result : null, TaskScheduler.Default);
            if (response?.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains($"\"{guestId}\"", StringComparison.Ordinal))
            {
                Assert.Null(owner);
                owner = replica;
            }
        }
        return owner;
    }
}
