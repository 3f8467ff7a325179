namespace Hiroba.Gateway.Site;

/// <summary>The links guests open, built the way the pages build them (<c>encodeURIComponent</c> of the room id).</summary>
public static class GuestLinks
{
    /// <summary>A workshop's guest page: <c>{origin}/collect?room={id}</c>.</summary>
    public static string Workshop(Uri publicOrigin, string roomId)
    {
        ArgumentNullException.ThrowIfNull(publicOrigin);
        return $"{publicOrigin.ToString().TrimEnd('/')}/collect?room={Uri.EscapeDataString(roomId)}";
    }
}
