namespace Hiroba.Gateway.Proxy;

/// <summary>Asks one proxy destination whether it is up, by its health path.</summary>
public sealed class DestinationProbe(IHttpClientFactory httpClientFactory)
{
    public const string HttpClientName = "destination-probe";

    /// <returns>Null when healthy, otherwise why not.</returns>
    public async Task<string?> ProbeAsync(Uri address, string healthPath, CancellationToken cancellationToken)
    {
        var uri = new Uri(address, healthPath);
        try
        {
            using var response = await httpClientFactory.CreateClient(HttpClientName).GetAsync(uri, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"{uri.AbsolutePath} answered {(int)response.StatusCode}";
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            return exception.Message;
        }
    }
}
