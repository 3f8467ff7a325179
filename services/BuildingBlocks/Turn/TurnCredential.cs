namespace Hiroba.Turn;

/// <param name="Username"><c>&lt;unix expiry&gt;:&lt;user id&gt;</c>, as coturn's TURN REST API expects.</param>
/// <param name="Password">base64(HMAC-SHA1(secret, username)).</param>
public sealed record TurnCredential(string Username, string Password, DateTimeOffset ExpiresAt);
