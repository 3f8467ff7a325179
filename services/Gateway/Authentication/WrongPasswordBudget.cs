using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Hiroba.Gateway.Authentication;

/// <summary>
/// The sign-in limit per account, beside the one per client address. A password is all a sign-in sends, so each wrong
/// one is a guess at every account (admin and viewer) and they share one budget of wrong passwords from all addresses
/// together: <see cref="SignInRateLimitOptions.AccountPermitLimit"/> at once, then one more per
/// <see cref="SignInRateLimitOptions.AccountReplenishmentPeriod"/>. While it is spent, sign-in answers 429 without
/// looking at the password, so guessing from many addresses gains nothing over guessing from one. With the defaults it
/// refills (6 a minute) faster than one address may try at all (5 a minute), so one user's mistakes never spend it;
/// guesses from several addresses can, and sign-in is back one period after they stop.
/// </summary>
public sealed class WrongPasswordBudget : IDisposable
{
    private readonly TokenBucketRateLimiter _bucket;

    public WrongPasswordBudget(IOptions<SignInRateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RetryAfter = options.Value.AccountReplenishmentPeriod;
        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.AccountPermitLimit,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = options.Value.AccountReplenishmentPeriod,
            AutoReplenishment = true,
            QueueLimit = 0,
        });
    }

    /// <summary>The longest wait until one more wrong password is allowed.</summary>
    public TimeSpan RetryAfter { get; }

    public bool IsSpent => _bucket.GetStatistics()?.CurrentAvailablePermits is not > 0;

    public void SpendOne()
    {
        using var lease = _bucket.AttemptAcquire();
    }

    public void Dispose() => _bucket.Dispose();
}
