using System.Collections;

namespace Hiroba.LocalComponents;

/// <summary>An inclusive range of ports.</summary>
public sealed record PortRange(int Min, int Max) : IEnumerable<int>
{
    public IEnumerator<int> GetEnumerator() => Enumerable.Range(Min, Max - Min + 1).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
