using System.Globalization;

namespace Hiroba.Feed.Posts;

/// <summary>
/// Post ids travel as strings of decimal digits: the database's ever-increasing row id, so they sort by publication
/// order when compared as numbers and are never reused after a delete.
/// </summary>
public static class PostIds
{
    public static string Format(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Accepts only what <see cref="Format"/> writes: a positive decimal number without sign or spaces.</summary>
    public static bool TryParse(string? text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
}
