using System.Security.Cryptography.X509Certificates;
using Hiroba.Certificates;
using Microsoft.Extensions.Options;

namespace Hiroba.Gateway.Tls;

/// <summary>The certificates of <see cref="GatewayTlsOptions"/>, read once on first use (after the settings were validated).</summary>
public sealed partial class GatewayCertificates : IDisposable
{
    private readonly Lazy<PemCertificatePair?> _server;
    private readonly Lazy<X509Certificate2?> _localCa;

    public GatewayCertificates(IOptions<GatewayTlsOptions> options, TimeProvider time, ILogger<GatewayCertificates> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _server = new(() =>
        {
            var tls = options.Value;
            if (!tls.IsEnabled)
            {
                return null;
            }
            var server = PemCertificatePair.Load(tls.CertificatePath!, tls.KeyPath!, time.GetUtcNow());
            if (server.ExpiresSoon(time.GetUtcNow()))
            {
                LogExpiresSoon(logger, tls.CertificatePath!, PemCertificatePair.Format(server.Certificate.NotAfter));
            }
            return server;
        });
        _localCa = new(() => options.Value.HasLocalCa ? PemCertificatePair.ReadCertificates(options.Value.CaCertificatePath!)[0] : null);
    }

    /// <summary>The server certificate with its key and intermediates; null without TLS.</summary>
    public PemCertificatePair? Server => _server.Value;

    /// <summary>The private CA guests trust; null without one (no TLS, or a public certificate).</summary>
    public X509Certificate2? LocalCa => _localCa.Value;

    public void Dispose()
    {
        if (_server.IsValueCreated)
        {
            _server.Value?.Dispose();
        }
        if (_localCa.IsValueCreated)
        {
            _localCa.Value?.Dispose();
        }
    }

    [LoggerMessage(LogLevel.Warning, "The certificate in {Path} expires on {NotAfter}; renew it before browsers refuse it")]
    private static partial void LogExpiresSoon(ILogger logger, string path, string notAfter);
}
