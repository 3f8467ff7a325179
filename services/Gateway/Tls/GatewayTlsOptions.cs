namespace Hiroba.Gateway.Tls;

/// <summary>
/// Section <c>Gateway:Tls</c>: the gateway terminates TLS itself with a certificate from PEM files (the local run's CA
/// issues one; an operator gives their own). The HTTPS addresses are the usual ones (<c>--urls https://…</c>,
/// <c>ASPNETCORE_HTTPS_PORTS</c>). Checked at start by <see cref="GatewayTlsValidator"/>.
/// </summary>
public sealed record GatewayTlsOptions
{
    public const string SectionName = "Gateway:Tls";

    /// <summary>The server certificate, PEM, optionally followed by its intermediates.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>The server certificate's private key, unencrypted PEM.</summary>
    public string? KeyPath { get; init; }

    /// <summary>A private CA that issued the certificate: served at <c>/trust/ca.crt</c> for guests to trust. None for a public certificate.</summary>
    public string? CaCertificatePath { get; init; }

    public bool IsEnabled => !string.IsNullOrWhiteSpace(CertificatePath);

    public bool HasLocalCa => !string.IsNullOrWhiteSpace(CaCertificatePath);
}
