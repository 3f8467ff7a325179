using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hiroba.Feed.Apis;

/// <summary>
/// The fields of a new post as sent, before validation: from a JSON body (the editor page, API clients) or a
/// form post (the editor without JavaScript).
/// </summary>
public sealed record NewPostRequest(string? Title, string? Body, bool IsForm)
{
    /// <returns>The request, or else a problem saying why the body cannot be read.</returns>
    public static async Task<(NewPostRequest? Request, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(cancellationToken);
                return (new NewPostRequest(form["title"], form["body"], IsForm: true), null);
            }
            if (!request.HasJsonContentType())
            {
                return (null, TypedResults.Problem(
                    "Send the post as JSON {\"title\": \"...\", \"body\": \"...\"} with Content-Type application/json, or as a form.",
                    statusCode: StatusCodes.Status415UnsupportedMediaType));
            }

            var body = await request.ReadFromJsonAsync<JsonBody>(cancellationToken);
            return body is null
                ? (null, BadRequest("The body must be a JSON object with title and body."))
                : (new NewPostRequest(body.Title, body.Body, IsForm: false), null);
        }
        catch (JsonException exception)
        {
            // The exception's own message names .NET types; say where the body went wrong instead.
            return (null, BadRequest(
                $"The body is not a valid post: expected a JSON object {{\"title\": \"...\", \"body\": \"...\"}}{Where(exception)}."));
        }
        catch (InvalidDataException exception)
        {
            return (null, BadRequest($"The form cannot be read: {exception.Message}"));
        }
    }

    private static string Where(JsonException exception) =>
        exception.Path is { } path ? $" (at {path}, line {(exception.LineNumber ?? 0) + 1})" : "";

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest);

    private sealed record JsonBody(string? Title, string? Body);
}
