using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Hiroba.TestSupport;

/// <summary>HTTP clients that trust one CA and nothing else, as a guest device that installed it.</summary>
public static class CaTrust
{
    /// <param name="ca">The only root trusted; null keeps the system's roots.</param>
    public static SocketsHttpHandler Handler(X509Certificate2? ca)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        if (ca is not null)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { ca },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            };
        }
        return handler;
    }
}
