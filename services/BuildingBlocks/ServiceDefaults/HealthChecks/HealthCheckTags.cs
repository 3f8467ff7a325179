namespace Hiroba.ServiceDefaults;

/// <summary>Tags that decide which health endpoint runs a check.</summary>
public static class HealthCheckTags
{
    /// <summary>Run by <c>/healthz</c> and <c>/readyz</c>: the process itself answers.</summary>
    public const string Live = "live";

    /// <summary>Run by <c>/readyz</c> only: a dependency the service needs to do its work.</summary>
    public const string Ready = "ready";
}
