namespace Hiroba.Mqtt.Session;

/// <summary>
/// Hands out packet identifiers 1..65535 round robin, never 0 and never one still in use, so a
/// freed id is reused as late as possible. Not thread-safe: its owner serialises access.
/// </summary>
internal sealed class PacketIdAllocator
{
    private readonly bool[] _inUse = new bool[ushort.MaxValue + 1];
    private int _next = 1;

    public int InUseCount { get; private set; }

    public bool TryAllocate(out ushort packetId)
    {
        packetId = 0;
        if (InUseCount == ushort.MaxValue)
        {
            return false;
        }

        while (_inUse[_next])
        {
            _next = _next == ushort.MaxValue ? 1 : _next + 1;
        }

        packetId = (ushort)_next;
        _inUse[_next] = true;
        InUseCount++;
        _next = _next == ushort.MaxValue ? 1 : _next + 1;
        return true;
    }

    public void Release(ushort packetId)
    {
        if (packetId != 0 && _inUse[packetId])
        {
            _inUse[packetId] = false;
            InUseCount--;
        }
    }
}
