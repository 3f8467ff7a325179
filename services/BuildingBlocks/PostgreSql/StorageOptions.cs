using System.ComponentModel.DataAnnotations;

namespace Hiroba.PostgreSql;

/// <summary>A service's <c>…:Storage</c> section: which database keeps its data.</summary>
public record StorageOptions : IValidatableObject
{
    public StorageProvider Provider { get; init; } = StorageProvider.Sqlite;

    /// <summary>
    /// With <see cref="StorageProvider.PostgreSql"/>: an Npgsql connection string (host, database, user, password). It holds
    /// a password, so it comes from a secret (the environment), never from a committed file.
    /// </summary>
    public string? ConnectionString { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == StorageProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "it must name the PostgreSQL database when Provider is PostgreSql.", [nameof(ConnectionString)]);
        }
    }
}

public enum StorageProvider
{
    /// <summary>A file in the service's data folder: one replica, nothing else to run.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database that several replicas of the service share (docs/scaling.md).</summary>
    PostgreSql,
}
