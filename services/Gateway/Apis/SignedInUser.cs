namespace Hiroba.Gateway.Apis;

/// <summary>Who the caller is after signing in.</summary>
public sealed record SignedInUser(string Role);
