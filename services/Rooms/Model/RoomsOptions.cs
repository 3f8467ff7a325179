using System.ComponentModel.DataAnnotations;

namespace Hiroba.Rooms.Model;

/// <summary>Section <c>Rooms</c>.</summary>
public sealed record RoomsOptions
{
    public const string SectionName = "Rooms";

    /// <summary>Capacity of a workshop room created without one.</summary>
    [Range(1, 1000)]
    public int WorkshopCapacity { get; init; } = 50;

    /// <summary>Capacity of a call room created without one (a mesh call gets heavy beyond six).</summary>
    [Range(2, 1000)]
    public int CallCapacity { get; init; } = 6;

    /// <summary>Largest capacity the admin may give a room.</summary>
    [Range(2, 1000)]
    public int MaxCapacity { get; init; } = 200;
}
