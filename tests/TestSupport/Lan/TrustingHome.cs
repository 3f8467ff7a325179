using System.Collections;
using System.Security.Cryptography.X509Certificates;

namespace Hiroba.TestSupport.Lan;

/// <summary>
/// A home folder for Chromium whose NSS database (<c>~/.pki/nssdb</c>, where Chromium on Linux keeps the certificates a
/// user imports) trusts one CA to identify websites, as a guest who followed <c>/trust</c>'s Linux steps has it
/// (Settings → Manage certificates → Authorities → Import, "Trust this certificate for identifying websites"). The CA
/// is imported by <c>certutil</c> (Debian's <c>libnss3-tools</c>). Without a CA the database is empty: a browser that
/// trusts nothing of ours.
/// </summary>
public sealed class TrustingHome : IDisposable
{
    private const string CertutilTool = "/usr/bin/certutil";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    private readonly TemporaryDirectory _home = new("browser-home");

    private TrustingHome()
    {
    }

    private string NssDatabase => $"sql:{Path.Combine(_home.Path, ".pki", "nssdb")}";

    /// <summary>The browser's environment: this process's, with <c>HOME</c> set to this folder.</summary>
    public IEnumerable<KeyValuePair<string, string>> Environment =>
        System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(entry => KeyValuePair.Create((string)entry.Key, (string?)entry.Value ?? ""))
            .Where(variable => variable.Key != "HOME")
            .Append(KeyValuePair.Create("HOME", _home.Path));

    /// <param name="ca">The only root this home adds to the browser's trust; null for none.</param>
    public static async Task<TrustingHome> CreateAsync(X509Certificate2? ca)
    {
        var home = new TrustingHome();
        try
        {
            Directory.CreateDirectory(Path.Combine(home._home.Path, ".pki", "nssdb"));
            await home.CertutilAsync("-N", "-d", home.NssDatabase, "--empty-password");
            if (ca is not null)
            {
                var file = Path.Combine(home._home.Path, "ca.crt");
                await File.WriteAllTextAsync(file, ca.ExportCertificatePem());
                // "C,," : a trusted CA for TLS servers, nothing for e-mail or code signing.
                await home.CertutilAsync("-A", "-d", home.NssDatabase, "-n", "Hiroba local CA", "-t", "C,,", "-i", file);
            }
            return home;
        }
        catch
        {
            home.Dispose();
            throw;
        }
    }

    public void Dispose() => _home.Dispose();

    private async Task CertutilAsync(params string[] arguments)
    {
        if (!File.Exists(CertutilTool))
        {
            throw new InvalidOperationException("certutil is missing: install libnss3-tools (./test does).");
        }
        var result = await CommandLineTool.RunAsync(CertutilTool, arguments, ToolTimeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"'certutil {string.Join(' ', arguments)}' failed with {result.ExitCode}: {result.OutputText}");
        }
    }
}
