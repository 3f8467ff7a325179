using Microsoft.Extensions.Options;

namespace Hiroba.EventBus;

internal sealed class EventBusOptionsValidator : IValidateOptions<EventBusOptions>
{
    public ValidateOptionsResult Validate(string? name, EventBusOptions options)
    {
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.AppId))
        {
            failures.Add("EventBus:AppId is required.");
        }
        if (string.IsNullOrWhiteSpace(options.PubSubName))
        {
            failures.Add("EventBus:PubSubName is required.");
        }
        if (options.MaxDeliveryAttempts is < 1 or > 20)
        {
            failures.Add("EventBus:MaxDeliveryAttempts must be between 1 and 20.");
        }
        if (options.FirstRetryDelay < TimeSpan.Zero || options.FirstRetryDelay > TimeSpan.FromHours(1))
        {
            failures.Add("EventBus:FirstRetryDelay must be between 00:00:00 and 01:00:00.");
        }
        if (options.MaxRetryDelay < options.FirstRetryDelay || options.MaxRetryDelay > TimeSpan.FromDays(1))
        {
            failures.Add("EventBus:MaxRetryDelay must be between EventBus:FirstRetryDelay and 1.00:00:00.");
        }
        if (options.DeduplicationWindow is < 1 or > 1_000_000)
        {
            failures.Add("EventBus:DeduplicationWindow must be between 1 and 1000000.");
        }
        if (options.Transport == EventBusTransport.Mqtt)
        {
            if (string.IsNullOrWhiteSpace(options.Mqtt.Host))
            {
                failures.Add("EventBus:Mqtt:Host is required when EventBus:Transport is Mqtt.");
            }
            if (options.Mqtt.Port is < 1 or > 65535)
            {
                failures.Add("EventBus:Mqtt:Port must be a TCP port (1-65535).");
            }
            if (string.IsNullOrEmpty(options.Mqtt.Username) || string.IsNullOrEmpty(options.Mqtt.Password))
            {
                failures.Add("EventBus:Mqtt:Username and EventBus:Mqtt:Password (the services' broker user) are required when EventBus:Transport is Mqtt.");
            }
            if (options.Mqtt.KeepAlive < TimeSpan.Zero || options.Mqtt.KeepAlive.TotalSeconds > ushort.MaxValue || options.Mqtt.KeepAlive.Ticks % TimeSpan.TicksPerSecond != 0)
            {
                failures.Add("EventBus:Mqtt:KeepAlive must be whole seconds between 0 (off) and 65535.");
            }
            if (options.Mqtt.MaxPendingBytes < EventBusLimits.MaxPacketBytes)
            {
                failures.Add($"EventBus:Mqtt:MaxPendingBytes must be at least {EventBusLimits.MaxPacketBytes} (one packet).");
            }
            if (options.Mqtt.AckTimeout <= TimeSpan.Zero)
            {
                failures.Add("EventBus:Mqtt:AckTimeout must be positive.");
            }
            if (options.Mqtt.ClientId is { } sessionName && (sessionName.Length is 0 or > 128 || sessionName.Any(char.IsControl)))
            {
                failures.Add("EventBus:Mqtt:ClientId must be 1-128 characters without control characters.");
            }
        }
        if (options.Transport == EventBusTransport.Dapr)
        {
            foreach (var (setting, endpoint) in new[] { ("GrpcEndpoint", options.Dapr.GrpcEndpoint), ("HttpEndpoint", options.Dapr.HttpEndpoint) })
            {
                if (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https"))
                {
                    failures.Add($"EventBus:Dapr:{setting} must be an absolute http or https address.");
                }
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
