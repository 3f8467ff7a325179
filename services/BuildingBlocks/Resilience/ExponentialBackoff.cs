using Polly;
using Polly.Retry;

namespace Hiroba.Resilience;

/// <summary>
/// A capped exponential backoff as Polly retry pipelines: the first retry waits <see cref="FirstDelay"/>, each further
/// one twice the last, never more than <see cref="MaxDelay"/>. With <see cref="Jitter"/> every wait is spread around that
/// value (Polly's decorrelated jitter, still capped), so many clients that failed together do not retry together.
/// Each execution of a pipeline starts again from the first delay; the waits run on the given <see cref="TimeProvider"/>.
/// </summary>
public sealed record ExponentialBackoff(TimeSpan FirstDelay, TimeSpan MaxDelay, bool Jitter = false)
{
    /// <summary>
    /// Runs the operation until <paramref name="shouldRetry"/> no longer asks for another attempt, or until the
    /// execution's cancellation token stops it: a stop during a wait throws <see cref="OperationCanceledException"/>, a
    /// stop during an attempt ends the execution with that attempt's outcome (its result, or its exception thrown).
    /// </summary>
    public ResiliencePipeline<TResult> RetryUntilStopped<TResult>(
        TimeProvider timeProvider, Func<Outcome<TResult>, bool> shouldRetry, Func<OnRetryArguments<TResult>, ValueTask>? onRetry = null) =>
        new ResiliencePipelineBuilder<TResult> { TimeProvider = timeProvider }
            .AddRetry(Configure(new RetryStrategyOptions<TResult>(), int.MaxValue, shouldRetry, onRetry))
            .Build();

    /// <summary>
    /// Runs the operation until it does not throw, or until the execution's cancellation token stops it (then the
    /// execution throws the wait's <see cref="OperationCanceledException"/> or the interrupted attempt's exception).
    /// </summary>
    public ResiliencePipeline RetryUntilStopped(TimeProvider timeProvider, Func<OnRetryArguments<object>, ValueTask>? onRetry = null) =>
        Retry(int.MaxValue, timeProvider, onRetry);

    /// <summary>
    /// Runs the operation at most <paramref name="maxAttempts"/> times in all while it throws; the last exception is
    /// the execution's. The execution's cancellation token stops the retries too.
    /// </summary>
    public ResiliencePipeline Retries(int maxAttempts, TimeProvider timeProvider, Func<OnRetryArguments<object>, ValueTask>? onRetry = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        return maxAttempts == 1 ? ResiliencePipeline.Empty : Retry(maxAttempts - 1, timeProvider, onRetry);
    }

    private ResiliencePipeline Retry(int maxRetries, TimeProvider timeProvider, Func<OnRetryArguments<object>, ValueTask>? onRetry) =>
        new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(Configure(new RetryStrategyOptions(), maxRetries, outcome => outcome.Exception is not null, onRetry))
            .Build();

    // A failure that comes with the stop (the execution's token cancelled) is the stop itself: not retried, and not
    // handed to onRetry, which would report a shutdown as a failure.
    private TOptions Configure<TOptions, TResult>(
        TOptions options, int maxRetries, Func<Outcome<TResult>, bool> shouldRetry, Func<OnRetryArguments<TResult>, ValueTask>? onRetry)
        where TOptions : RetryStrategyOptions<TResult>
    {
        options.MaxRetryAttempts = maxRetries;
        options.BackoffType = DelayBackoffType.Exponential;
        options.Delay = FirstDelay;
        options.MaxDelay = MaxDelay;
        options.UseJitter = Jitter;
        options.ShouldHandle = arguments =>
            ValueTask.FromResult(!arguments.Context.CancellationToken.IsCancellationRequested && shouldRetry(arguments.Outcome));
        options.OnRetry = onRetry;
        return options;
    }
}
