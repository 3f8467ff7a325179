using System.Text.Json;
using Microsoft.Playwright;

namespace Hiroba.TestSupport;

/// <summary>
/// Waits on conditions that need an async page function (getStats). Playwright's WaitForFunction does not await a
/// returned promise (a promise is truthy, so it would succeed at once), so these poll from the test instead.
/// </summary>
public static class PagePolling
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(45);

    /// <summary>Evaluates <paramref name="asyncFunction"/> until it returns something other than null.</summary>
    public static async Task<JsonElement> UntilValueAsync(IPage page, string asyncFunction, object? arg, string what)
    {
        JsonElement value = default;
        await Eventually.TrueAsync(async () =>
        {
            value = await page.EvaluateAsync<JsonElement>(asyncFunction, arg);
            return value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
        }, what, Generous);
        return value;
    }

    /// <summary>Evaluates <paramref name="asyncFunction"/> until it returns true.</summary>
    public static Task UntilTrueAsync(IPage page, string asyncFunction, object? arg, string what) =>
        Eventually.TrueAsync(async () => await page.EvaluateAsync<bool>(asyncFunction, arg), what, Generous);
}
