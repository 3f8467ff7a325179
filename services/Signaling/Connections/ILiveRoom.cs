namespace Hiroba.Signaling.Connections;

public interface ILiveRoom
{
    string Id { get; }

    /// <summary>Rooms closed this room: everyone in it is sent away.</summary>
    void Close();

    /// <summary>The room turned out to have a signaling key: whoever did not present it is sent away.</summary>
    void SendAwayWithoutKey(string signalingKeyHash);
}
