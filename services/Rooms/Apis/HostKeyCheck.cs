using System.Security.Claims;
using Hiroba.AccessKeys;
using Hiroba.Rooms.Model;
using Hiroba.ServiceDefaults;

namespace Hiroba.Rooms.Apis;

/// <summary>Who may see a room's presence: whoever holds its host key (header <c>X-Host-Key</c>), or the admin.</summary>
public static class HostKeyCheck
{
    public const string HeaderName = "X-Host-Key";

    /// <returns><c>host</c>, <c>admin</c>, or null when the caller is neither.</returns>
    public static string? RoleOf(HttpContext context, Room room)
    {
        var presented = context.Request.Headers[HeaderName].ToString();
        if (presented.Length > 0 && AccessKey.Matches(room.HostKeyHash, presented))
        {
            return "host";
        }
        return context.User is ClaimsPrincipal user && user.IsInRole(HirobaRoles.Admin) ? HirobaRoles.Admin : null;
    }
}
