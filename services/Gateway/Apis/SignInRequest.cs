using System.Text.Json;

namespace Hiroba.Gateway.Apis;

/// <summary>A sign-in attempt, read from either a JSON body or a form post.</summary>
public sealed record SignInRequest(string Password, string? ReturnUrl, bool IsForm)
{
    /// <returns>The request, or null when the body carries no password.</returns>
    public static async Task<SignInRequest?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return form["password"].ToString() is { Length: > 0 } password
                ? new SignInRequest(password, form.TryGetValue("returnUrl", out var returnUrl) ? returnUrl : request.Query["returnUrl"], IsForm: true)
                : null;
        }

        if (!request.HasJsonContentType())
        {
            return null;
        }

        try
        {
            var body = await request.ReadFromJsonAsync<JsonBody>(cancellationToken);
            return body?.Password is { Length: > 0 } password ? new SignInRequest(password, body.ReturnUrl, IsForm: false) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record JsonBody(string? Password, string? ReturnUrl);
}
