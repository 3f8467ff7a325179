using Hiroba.Feed.Posts;
using Hiroba.Feed.RateLimiting;
using Hiroba.Feed.Storage;
using Hiroba.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hiroba.Feed.Apis;

public static partial class FeedApi
{
    /// <summary>Where a post made with the plain HTML form sends the browser afterwards.</summary>
    private const string FeedPage = "/feed";

    public static RouteGroupBuilder MapFeedApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/feed/posts");
        api.MapPost("/", PublishPostAsync).RequireRateLimiting(PostRateLimitOptions.PolicyName);
        api.MapGet("/", ListPostsAsync);
        api.MapGet("/{id}", GetPostAsync);
        api.MapDelete("/{id}", DeletePostAsync).RequireAuthorization(HirobaRoles.Admin);
        return api;
    }

    /// <summary>
    /// Publishes a post and, in the same transaction, its <c>feed.post-published</c> event. Answers 201 with the
    /// post, or for a form post redirects to the feed page.
    /// </summary>
    public static async Task<Results<Created<PostResponse>, RedirectHttpResult, ValidationProblem, ProblemHttpResult>> PublishPostAsync(
        HttpRequest request, IPostStore posts, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var (sent, problem) = await NewPostRequest.ReadAsync(request, cancellationToken);
        if (sent is null)
        {
            return problem!;
        }
        if (!PostDraft.TryCreate(sent.Title, sent.Body, out var draft, out var errors))
        {
            return InvalidFields(errors);
        }

        var post = await posts.PublishAsync(draft, cancellationToken);
        LogPublished(loggers.CreateLogger(typeof(FeedApi)), post.Id, request.HttpContext.Connection.RemoteIpAddress?.ToString());
        var response = PostResponse.From(post);
        return sent.IsForm
            ? TypedResults.Redirect(FeedPage)
            : TypedResults.Created($"/api/feed/posts/{response.Id}", response);
    }

    /// <summary>Newest first (optionally older than <c>before</c>), or with <c>since</c> the newer posts oldest first.</summary>
    public static async Task<Results<Ok<PostPage>, ValidationProblem>> ListPostsAsync(
        string? limit, string? before, string? since, IPostStore posts, CancellationToken cancellationToken)
    {
        if (!PostListQuery.TryParse(limit, before, since, out var query, out var errors))
        {
            return InvalidFields(errors);
        }

        var window = query.Since is { } sinceId
            ? await posts.ListSinceAsync(sinceId, query.Limit, cancellationToken)
            : await posts.ListNewestAsync(query.Before, query.Limit, cancellationToken);
        return TypedResults.Ok(PostPage.From(window));
    }

    public static async Task<Results<Ok<PostResponse>, ProblemHttpResult>> GetPostAsync(
        string id, IPostStore posts, CancellationToken cancellationToken)
    {
        var post = PostIds.TryParse(id, out var postId) ? await posts.FindAsync(postId, cancellationToken) : null;
        return post is null ? NoSuchPost(id) : TypedResults.Ok(PostResponse.From(post));
    }

    /// <summary>Admins only. Deletes the post and, in the same transaction, stores its <c>feed.post-deleted</c> event.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeletePostAsync(
        string id, IPostStore posts, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!PostIds.TryParse(id, out var postId) || !await posts.DeleteAsync(postId, cancellationToken))
        {
            return NoSuchPost(id);
        }
        LogDeleted(loggers.CreateLogger(typeof(FeedApi)), postId);
        return TypedResults.NoContent();
    }

    private static ValidationProblem InvalidFields(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: string.Join(" ", errors.Values.SelectMany(messages => messages)));

    private static ProblemHttpResult NoSuchPost(string id) =>
        TypedResults.Problem($"There is no post with id '{id}'.", statusCode: StatusCodes.Status404NotFound);

    [LoggerMessage(LogLevel.Information, "Post {PostId} published by {Client}")]
    private static partial void LogPublished(ILogger logger, long postId, string? client);

    [LoggerMessage(LogLevel.Information, "Post {PostId} deleted by an admin")]
    private static partial void LogDeleted(ILogger logger, long postId);
}
