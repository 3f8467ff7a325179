using System.Text;
using Hiroba.CameraBridge.Viewing;

namespace Hiroba.CameraBridge.Tests;

/// <summary>Messages between browser, bridge and Momo: read strictly, written in Momo's own shapes.</summary>
public sealed class SignalMessageTests
{
    [Fact]
    public void A_browser_candidate_is_written_for_momo_with_exactly_its_three_members_in_momos_order()
    {
        var message = Read("""{"type":"candidate","ice":{"candidate":"candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"abcd"},"url":"ws://elsewhere/ws"}""");

        var written = Encoding.UTF8.GetString(SignalMessages.Candidate(message!.Ice!));

        Assert.Equal("""{"type":"candidate","ice":{"candidate":"candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host","sdpMLineIndex":0,"sdpMid":"0"}}""", written);
    }

    [Theory]
    [InlineData("""{"type":"candidate","ice":{"candidate":"c","sdpMLineIndex":0}}""")]
    [InlineData("""{"type":"candidate","ice":{"candidate":"c","sdpMid":null,"sdpMLineIndex":0}}""")]
    [InlineData("""{"type":"candidate","ice":{"candidate":"c","sdpMid":0,"sdpMLineIndex":0}}""")]
    [InlineData("""{"type":"candidate","ice":{"candidate":"c","sdpMid":"0","sdpMLineIndex":"0"}}""")]
    [InlineData("""{"type":"candidate","ice":{"candidate":"","sdpMid":"0","sdpMLineIndex":0}}""")]
    [InlineData("""{"type":"candidate","ice":{"candidate":"c","sdpMid":"0","sdpMLineIndex":-1}}""")]
    [InlineData("""{"type":"candidate","ice":"candidate:1"}""")]
    public void A_candidate_momo_could_not_read_has_no_ice(string json)
    {
        var message = Read(json);

        Assert.Equal("candidate", message!.Type);
        Assert.Null(message.Ice);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"sdp":"v=0"}""")]
    [InlineData("""{"type":7}""")]
    [InlineData("""{"type":"offer"} trailing""")]
    public void Something_without_a_string_type_is_no_message(string json) => Assert.Null(Read(json));

    [Fact]
    public void An_offer_and_an_answer_are_written_compactly_with_the_sdp_unescaped()
    {
        const string sdp = "v=0\r\na=ice-pwd:x+y/z<\r\n";

        Assert.Equal("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\na=ice-pwd:x+y/z<\\r\\n\"}", Encoding.UTF8.GetString(SignalMessages.Offer(sdp)));
        Assert.Equal(sdp, Read(Encoding.UTF8.GetString(SignalMessages.Answer(sdp)))!.Sdp);
    }

    [Fact]
    public void An_accept_keeps_its_ice_servers_as_they_came_for_the_browser()
    {
        var accept = Read("""{"type":"accept","connectionId":"01J","isExistClient":true,"isExistUser":true,"iceServers":[{"urls":["turn:t:3478?transport=udp"],"username":"1:u","credential":"c"}]}""");

        Assert.True(accept!.IsExistUser);
        Assert.Equal(
            """{"type":"ready","kind":"Ayame","iceServers":[{"urls":["turn:t:3478?transport=udp"],"username":"1:u","credential":"c"}]}""",
            Encoding.UTF8.GetString(SignalMessages.Ready("Ayame", accept.IceServersJson)));
    }

    private static SignalMessage? Read(string json) => SignalMessage.TryRead(Encoding.UTF8.GetBytes(json));
}
