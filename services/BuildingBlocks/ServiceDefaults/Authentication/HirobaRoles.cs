namespace Hiroba.ServiceDefaults;

/// <summary>Roles a signed-in user can have; they are also the names of the authorization policies.</summary>
public static class HirobaRoles
{
    /// <summary>Everything, including what a viewer may do.</summary>
    public const string Admin = "admin";

    /// <summary>May look (for example at cameras) but not administer.</summary>
    public const string Viewer = "viewer";
}
