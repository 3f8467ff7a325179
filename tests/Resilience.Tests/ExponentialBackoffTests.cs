namespace Hiroba.Resilience.Tests;

public sealed class ExponentialBackoffTests
{
    private static readonly ExponentialBackoff OneToThirtySeconds = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Waits_double_from_the_first_delay_up_to_the_cap_on_the_given_clock()
    {
        var time = new InstantTime();
        var pipeline = OneToThirtySeconds.RetryUntilStopped<int>(time, outcome => outcome.Result < 9);
        var attempts = 0;

        var result = await pipeline.ExecuteAsync(_ => ValueTask.FromResult(++attempts), CancellationToken.None);

        Assert.Equal(9, result);
        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], time.Waits.Select(wait => wait.TotalSeconds));
    }

    [Fact]
    public async Task Every_execution_starts_again_from_the_first_delay()
    {
        var time = new InstantTime();
        var pipeline = OneToThirtySeconds.RetryUntilStopped(time);

        await pipeline.ExecuteAsync(FailingTimes(4), CancellationToken.None);
        await pipeline.ExecuteAsync(FailingTimes(2), CancellationToken.None);

        Assert.Equal([1, 2, 4, 8, 1, 2], time.Waits.Select(wait => wait.TotalSeconds));
    }

    [Fact]
    public async Task Retrying_until_stopped_ends_when_the_token_is_cancelled()
    {
        var time = new InstantTime();
        using var stopping = new CancellationTokenSource();
        var retries = 0;
        var pipeline = OneToThirtySeconds.RetryUntilStopped(time, async _ =>
        {
            if (++retries == 50)
            {
                await stopping.CancelAsync();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => pipeline.ExecuteAsync(_ => throw new InvalidOperationException("down"), stopping.Token).AsTask());

        Assert.Equal(50, retries);
        Assert.Equal(TimeSpan.FromSeconds(30), time.Waits[^1]);
    }

    [Fact]
    public async Task A_failure_that_comes_with_the_stop_is_not_retried_nor_reported_as_a_retry()
    {
        var time = new InstantTime();
        using var stopping = new CancellationTokenSource();
        var retries = 0;
        var pipeline = OneToThirtySeconds.RetryUntilStopped(time, _ =>
        {
            retries++;
            return ValueTask.CompletedTask;
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.ExecuteAsync(async token =>
        {
            await stopping.CancelAsync();
            token.ThrowIfCancellationRequested();
        }, stopping.Token).AsTask());

        Assert.Equal(0, retries);
        Assert.Empty(time.Waits);
    }

    [Fact]
    public async Task A_bounded_pipeline_runs_at_most_its_attempts_and_rethrows_the_last_failure()
    {
        var time = new InstantTime();
        var pipeline = new ExponentialBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30)).Retries(3, time);
        var attempts = 0;

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => pipeline.ExecuteAsync(_ => throw new InvalidOperationException($"attempt {++attempts}"), CancellationToken.None).AsTask());

        Assert.Equal("attempt 3", failure.Message);
        Assert.Equal([200, 400], time.Waits.Select(wait => wait.TotalMilliseconds));
    }

    [Fact]
    public async Task A_single_attempt_is_not_retried()
    {
        var time = new InstantTime();
        var pipeline = OneToThirtySeconds.Retries(1, time);
        var attempts = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => pipeline.ExecuteAsync(_ => { attempts++; throw new InvalidOperationException(); }, CancellationToken.None).AsTask());

        Assert.Equal(1, attempts);
        Assert.Empty(time.Waits);
    }

    [Fact]
    public async Task With_jitter_the_waits_vary_but_stay_within_the_cap()
    {
        var time = new InstantTime();
        var pipeline = OneToThirtySeconds with { Jitter = true };
        var attempts = 0;

        await pipeline.RetryUntilStopped<int>(time, outcome => outcome.Result < 40)
            .ExecuteAsync(_ => ValueTask.FromResult(++attempts), CancellationToken.None);

        Assert.Equal(39, time.Waits.Count);
        Assert.All(time.Waits, wait => Assert.InRange(wait, TimeSpan.Zero, TimeSpan.FromSeconds(30)));
        Assert.True(time.Waits.Distinct().Count() > 1, string.Join(", ", time.Waits));
    }

    private static Func<CancellationToken, ValueTask> FailingTimes(int failures) => _ =>
        failures-- > 0 ? throw new InvalidOperationException("not yet") : ValueTask.CompletedTask;
}
