using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Hiroba.EventBus.Tests;

/// <summary>
/// daprd's gRPC service <c>dapr.proto.runtime.v1.Dapr</c>, with the messages of Dapr.Protos (which ships only its
/// client). PublishEvent is the one method the event bus calls; the others answer Unimplemented, as grpc-dotnet does
/// for every method a service does not bind.
/// </summary>
// Not sealed, with a virtual method: grpc-dotnet binds only methods declared virtual on the BindService type, as generated code does.
[BindServiceMethod(typeof(DaprGrpcApi), nameof(BindService))]
internal class DaprGrpcApi(DaprSidecarStandIn sidecar)
{
    private static readonly Method<PublishEventRequest, Empty> PublishEventMethod = new(
        MethodType.Unary,
        "dapr.proto.runtime.v1.Dapr",
        "PublishEvent",
        Marshallers.Create(request => request.ToByteArray(), PublishEventRequest.Parser.ParseFrom),
        Marshallers.Create(response => response.ToByteArray(), Empty.Parser.ParseFrom));

    public static void BindService(ServiceBinderBase binder, DaprGrpcApi? service) =>
        binder.AddMethod(PublishEventMethod, service is null ? null : service.PublishEvent);

    public virtual async Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
    {
        sidecar.Authenticate(context.RequestHeaders.GetValue(DaprSidecarStandIn.ApiTokenHeader));
        await sidecar.PublishAsync(request.PubsubName, request.Topic, request.DataContentType, request.Data.Memory, context.CancellationToken);
        return new Empty();
    }
}
