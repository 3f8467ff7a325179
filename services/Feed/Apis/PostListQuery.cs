using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Hiroba.Feed.Posts;

namespace Hiroba.Feed.Apis;

/// <summary>
/// The query of <c>GET /api/feed/posts</c>: <c>limit</c>, and at most one of <c>before</c> and <c>since</c>
/// (<c>since=0</c> starts from the first post).
/// </summary>
public sealed record PostListQuery(int Limit, long? Before, long? Since)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <param name="errors">Per query parameter, what is wrong.</param>
    public static bool TryParse(
        string? limit, string? before, string? since,
        [NotNullWhen(true)] out PostListQuery? query, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var parsedLimit = DefaultLimit;
        if (limit is not null &&
            (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out parsedLimit) || parsedLimit is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"limit must be a whole number from 1 to {MaxLimit}."];
        }
        var parsedBefore = ParseId(before, "before", errors);
        var parsedSince = since == "0" ? 0 : ParseId(since, "since", errors);
        if (parsedBefore is not null && parsedSince is not null)
        {
            errors["since"] = ["Give either before or since, not both."];
        }

        query = errors.Count == 0 ? new PostListQuery(parsedLimit, parsedBefore, parsedSince) : null;
        return query is not null;
    }

    private static long? ParseId(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }
        if (PostIds.TryParse(text, out var id))
        {
            return id;
        }
        errors[name] = [$"{name} must be a post id (a positive whole number{(name == "since" ? ", or 0" : "")})."];
        return null;
    }
}
