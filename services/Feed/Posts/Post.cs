namespace Hiroba.Feed.Posts;

/// <summary>A published post. <see cref="Id"/> grows with every post, so it orders posts by publication.</summary>
public sealed record Post(long Id, string Title, string Body, DateTimeOffset PublishedAt);
