using System.Collections.Concurrent;
using System.Reflection;
using Hiroba.EventBus.Abstractions;

namespace Hiroba.EventBus.Processing;

/// <summary>Calls <see cref="IIntegrationEventHandler{TEvent}.HandleAsync"/> for an event type known only at run time.</summary>
internal static class HandlerInvoker
{
    private static readonly ConcurrentDictionary<Type, Func<object, IntegrationEvent, CancellationToken, Task>> Invokers = new();

    private static readonly MethodInfo CreateInvokerMethod =
        typeof(HandlerInvoker).GetMethod(nameof(CreateInvoker), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static Task InvokeAsync(object handler, Type eventType, IntegrationEvent @event, CancellationToken cancellationToken) =>
        Invokers.GetOrAdd(eventType, static type =>
            (Func<object, IntegrationEvent, CancellationToken, Task>)CreateInvokerMethod.MakeGenericMethod(type).Invoke(null, null)!)
        (handler, @event, cancellationToken);

    private static Func<object, IntegrationEvent, CancellationToken, Task> CreateInvoker<TEvent>() where TEvent : IntegrationEvent =>
        static (handler, @event, cancellationToken) =>
            ((IIntegrationEventHandler<TEvent>)handler).HandleAsync((TEvent)@event, cancellationToken);
}
