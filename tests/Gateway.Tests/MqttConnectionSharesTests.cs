using System.Net;
using Hiroba.Gateway.LiveEvents;
using Microsoft.Extensions.Options;

namespace Hiroba.Gateway.Tests;

/// <summary>How the <c>/mqtt</c> cap shares its places between client addresses (the same with real pages: <see cref="MqttConnectionLimitTests"/>).</summary>
public sealed class MqttConnectionSharesTests
{
    private static readonly IPAddress A = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress B = IPAddress.Parse("192.0.2.2");
    private static readonly IPAddress C = IPAddress.Parse("2001:db8::3");

    [Fact]
    public void Below_the_cap_one_address_may_take_every_place()
    {
        var shares = Shares(cap: 3);

        for (var i = 0; i < 3; i++)
        {
            Admit(shares, A);
        }

        Refused(shares.Admit(A));
    }

    [Fact]
    public void A_newcomer_takes_the_place_of_the_oldest_connection_of_the_address_that_holds_the_most()
    {
        var shares = Shares(cap: 4);
        var oldestOfA = Admit(shares, A);
        Admit(shares, B);
        var secondOfA = Admit(shares, A);
        Admit(shares, A);

        var (admitted, evicted) = shares.Admit(C);

        Assert.NotNull(admitted);
        Assert.Same(oldestOfA, evicted);
        // A 2, B 1, C 1: one more from B or C would hold as many as A; a fourth address holds none yet.
        Refused(shares.Admit(C));
        Refused(shares.Admit(B));
        Assert.Same(secondOfA, shares.Admit(IPAddress.Parse("192.0.2.4")).Evicted);
    }

    [Fact]
    public void With_equal_shares_at_the_cap_the_addresses_that_hold_them_get_no_more()
    {
        var shares = Shares(cap: 4);
        foreach (var client in new[] { A, B, A, B })
        {
            Admit(shares, client);
        }

        Refused(shares.Admit(A));
        Refused(shares.Admit(B));
    }

    [Fact]
    public void A_connection_that_ends_frees_its_place_but_an_evicted_one_gives_back_nothing()
    {
        var shares = Shares(cap: 2);
        var first = Admit(shares, A);
        Admit(shares, A);
        var (fromB, evicted) = shares.Admit(B);
        Assert.Same(first, evicted);

        first.Dispose();
        Refused(shares.Admit(C));

        fromB!.Dispose();
        fromB.Dispose();
        Admit(shares, C);
        Refused(shares.Admit(IPAddress.Parse("192.0.2.4")));
    }

    private static MqttConnectionShares Shares(int cap) =>
        new(Options.Create(new LiveEventsOptions { MaxConnections = cap }));

    private static void Refused((MqttPageConnection? Admitted, MqttPageConnection? Evicted) admission)
    {
        Assert.Null(admission.Admitted);
        Assert.Null(admission.Evicted);
    }

    private static MqttPageConnection Admit(MqttConnectionShares shares, IPAddress client)
    {
        var (admitted, evicted) = shares.Admit(client);
        Assert.Null(evicted);
        return Assert.IsType<MqttPageConnection>(admitted);
    }
}
