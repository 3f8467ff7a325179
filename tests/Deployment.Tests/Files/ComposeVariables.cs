using System.Text.RegularExpressions;

namespace Hiroba.Deployment.Tests.Files;

/// <summary>
/// docker compose's <c>${NAME}</c>, <c>${NAME:-default}</c> and <c>${NAME:?error}</c> interpolation, and <c>.env</c>
/// files (<c>NAME=value</c> lines).
/// </summary>
internal static partial class ComposeVariables
{
    public static IEnumerable<ComposeVariable> In(string text) =>
        Reference().Matches(text).Select(match => new ComposeVariable(
            match.Groups["name"].Value, match.Groups["operator"].Value, match.Groups["argument"].Value));

    /// <summary>Replaces every reference the way compose does with <paramref name="values"/> as the environment.</summary>
    public static string Resolve(string text, IReadOnlyDictionary<string, string> values) =>
        Reference().Replace(text, match =>
        {
            var value = values.GetValueOrDefault(match.Groups["name"].Value);
            return match.Groups["operator"].Value switch
            {
                ":?" when string.IsNullOrEmpty(value) => throw new InvalidOperationException(match.Groups["argument"].Value),
                ":-" when string.IsNullOrEmpty(value) => match.Groups["argument"].Value,
                _ => value ?? "",
            };
        }).Replace("$$", "$", StringComparison.Ordinal);

    public static IReadOnlyDictionary<string, string> ReadEnvFile(string relativePath) =>
        Repository.Read(relativePath).Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0].Trim(), pair => pair.ElementAtOrDefault(1)?.Trim() ?? "");

    [GeneratedRegex(@"(?<!\$)\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<operator>:\?|:-|\?|-)(?<argument>[^}]*))?\}")]
    private static partial Regex Reference();
}

/// <param name="Operator">"" (plain), ":-" (default when unset or empty), ":?" (error when unset or empty), "-" or "?".</param>
internal sealed record ComposeVariable(string Name, string Operator, string Argument)
{
    public bool IsRequired => Operator == ":?";

    /// <summary>Names that hold a password, secret, token or key.</summary>
    public bool IsSecret => SecretNames.IsMatch(Name);

    private static readonly Regex SecretNames = new("PASSWORD|SECRET|TOKEN|(^|_)KEY($|_)", RegexOptions.IgnoreCase);
}
