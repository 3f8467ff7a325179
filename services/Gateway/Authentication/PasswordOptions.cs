using System.ComponentModel.DataAnnotations;
using Hiroba.ServiceDefaults;

namespace Hiroba.Gateway.Authentication;

/// <summary>The passwords the gateway accepts at sign-in (section <c>Auth</c>); there is no default.</summary>
public sealed record PasswordOptions
{
    [Required, MinLength(8)]
    public string AdminPassword { get; init; } = "";

    /// <summary>
    /// Optional; without it nobody can sign in as a viewer. Empty counts as unset, as docker compose passes an
    /// unset optional variable as an empty value.
    /// </summary>
    [MinLength(8)]
    public string? ViewerPassword { get; init => field = string.IsNullOrEmpty(value) ? null : value; }

    public static string SectionName => AuthOptions.SectionName;
}
