namespace Hiroba.Signaling.Connections;

public interface ILiveRoom
{
    string Id { get; }

    /// <summary>Rooms closed this room: everyone in it is sent away.</summary>
    void Close();
}
