using Hiroba.TestSupport;

namespace Hiroba.Rooms.Tests;

/// <summary>mosquitto, coturn, the Rooms service and the gateway in front of it.</summary>
public sealed class RoomsStack() : HirobaStack("Rooms");
