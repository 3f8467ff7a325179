namespace Hiroba.LocalComponents.Tests.Tls;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class SettableTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
