namespace Hiroba.LocalComponents;

/// <summary>A built Hiroba service to run from its build output.</summary>
/// <param name="ServiceName">The folder under <c>services/</c>, e.g. <c>Feed</c>; the assembly is <c>Hiroba.Feed.dll</c>.</param>
/// <param name="BuildConfiguration">The build output to run (<c>Release</c> or <c>Debug</c>).</param>
/// <param name="Port">Port on 127.0.0.1; 0 picks a free one.</param>
/// <param name="Configuration">Configuration keys such as <c>EventBus:Mqtt:Host</c>, passed as environment variables.</param>
/// <param name="EnvironmentName">ASPNETCORE_ENVIRONMENT; null keeps the default (Production).</param>
/// <param name="AdditionalUrls">More addresses to listen on besides the loopback one, e.g. <c>https://192.168.1.20:8443</c>.</param>
/// <param name="OnErrorLine">Receives the stderr lines (the logger's errors, a crash); without it they go to <paramref name="OnOutputLine"/>.</param>
public sealed record DotnetServiceOptions(
    string RepositoryRoot,
    string ServiceName,
    string BuildConfiguration,
    int Port = 0,
    IReadOnlyDictionary<string, string?>? Configuration = null,
    string? EnvironmentName = null,
    Action<string>? OnOutputLine = null,
    IReadOnlyList<string>? AdditionalUrls = null,
    Action<string>? OnErrorLine = null);
