using System.ComponentModel.DataAnnotations;
using Hiroba.ServiceDefaults;

namespace Hiroba.Gateway.Authentication;

/// <summary>The passwords the gateway accepts at sign-in (section <c>Auth</c>); there is no default.</summary>
public sealed record PasswordOptions
{
    [Required, MinLength(8)]
    public string AdminPassword { get; init; } = "";

    /// <summary>Optional; without it nobody can sign in as a viewer.</summary>
    [MinLength(8)]
    public string? ViewerPassword { get; init; }

    public static string SectionName => AuthOptions.SectionName;
}
