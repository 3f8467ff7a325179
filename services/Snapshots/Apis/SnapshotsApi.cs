namespace Hiroba.Snapshots.Apis;

public static class SnapshotsApi
{
    /// <summary>Every endpoint of the screen wall, under <c>/api/snapshots/rooms/{room}</c>.</summary>
    public static RouteGroupBuilder MapSnapshotsApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/snapshots/rooms/{room}")
            .MapGuestEndpoints()
            .MapHostEndpoints();
}
