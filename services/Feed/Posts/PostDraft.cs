using System.Diagnostics.CodeAnalysis;

namespace Hiroba.Feed.Posts;

/// <summary>
/// A title and body that passed validation: trimmed, line breaks as <c>\n</c>, within the limits. Lengths count
/// Unicode characters (code points), as the editor's counters do.
/// </summary>
public sealed record PostDraft
{
    public const int MaxTitleLength = 100;
    public const int MaxBodyLength = 2_000;

    private PostDraft(string title, string body)
    {
        Title = title;
        Body = body;
    }

    public string Title { get; }

    public string Body { get; }

    /// <param name="errors">Per field (<c>title</c>, <c>body</c>), what is wrong.</param>
    public static bool TryCreate(
        string? title, string? body, [NotNullWhen(true)] out PostDraft? draft, out Dictionary<string, string[]> errors)
    {
        var normalizedTitle = (title ?? "").Trim();
        var normalizedBody = (body ?? "").ReplaceLineEndings("\n").Trim();
        errors = [];
        if (Check(normalizedTitle, MaxTitleLength, allowLineBreaks: false) is { } titleError)
        {
            errors["title"] = [$"The title {titleError}."];
        }
        if (Check(normalizedBody, MaxBodyLength, allowLineBreaks: true) is { } bodyError)
        {
            errors["body"] = [$"The body {bodyError}."];
        }

        draft = errors.Count == 0 ? new PostDraft(normalizedTitle, normalizedBody) : null;
        return draft is not null;
    }

    private static string? Check(string text, int maxLength, bool allowLineBreaks)
    {
        var length = text.EnumerateRunes().Count();
        if (length == 0)
        {
            return "is required";
        }
        if (length > maxLength)
        {
            return $"must be at most {maxLength} characters (it has {length})";
        }
        return text.Any(c => char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\t'))
            ? allowLineBreaks ? "must not contain control characters other than line breaks and tabs" : "must not contain control characters or line breaks"
            : null;
    }
}
