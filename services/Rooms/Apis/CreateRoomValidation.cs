using Hiroba.AccessKeys;
using Hiroba.Contracts.Rooms;
using Hiroba.Rooms.Model;

namespace Hiroba.Rooms.Apis;

internal static class CreateRoomValidation
{
    public const int MaxTitleLength = 100;

    /// <returns>Problems by field name; empty when the request is valid.</returns>
    public static Dictionary<string, string[]> Validate(CreateRoomRequest request, RoomsOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        var title = request.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > MaxTitleLength || title.Any(char.IsControl))
        {
            errors["title"] = [$"Give a title of 1-{MaxTitleLength} characters without control characters."];
        }
        if (request.Id is not null && !RoomIds.IsValid(request.Id))
        {
            errors["id"] = [$"A room id has {RoomIds.Description}."];
        }
        else if (request.Id is not null && RoomRoutes.IsRoute(request.Id))
        {
            errors["id"] = [$"'{request.Id}' is an endpoint of this API; choose another room id."];
        }
        if (request.Kind is { } kind && !Enum.IsDefined(kind))
        {
            errors["kind"] = ["Use call, workshop or camera."];
        }
        if (request.Capacity is { } capacity && (capacity < 2 || capacity > options.MaxCapacity))
        {
            errors["capacity"] = [$"Capacity must be between 2 and {options.MaxCapacity}."];
        }
        if (request.SignalingKey is not null && !SignalingKeys.IsValid(request.SignalingKey))
        {
            errors["signalingKey"] = [$"A signaling key has {SignalingKeys.Description}."];
        }
        if (request.SnapshotIntervalSeconds is { } interval)
        {
            if ((request.Kind ?? RoomKind.Workshop) != RoomKind.Workshop)
            {
                errors["snapshotIntervalSeconds"] = ["Only workshop rooms have a snapshot interval."];
            }
            else if (!SnapshotIntervals.IsValid(interval))
            {
                errors["snapshotIntervalSeconds"] =
                    [$"The snapshot interval is {SnapshotIntervals.MinSeconds}-{SnapshotIntervals.MaxSeconds} seconds."];
            }
        }
        return errors;
    }
}
