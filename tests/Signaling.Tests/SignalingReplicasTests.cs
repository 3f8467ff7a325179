using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hiroba.Contracts.Signaling;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.CloudEvents;
using Hiroba.TestSupport;

namespace Hiroba.Signaling.Tests;

/// <summary>A room's peers on different Signaling replicas meet, on both endpoints (docs/scaling.md).</summary>
public sealed class SignalingReplicasTests(SignalingReplicas replicas) : IClassFixture<SignalingReplicas>
{
    [Fact]
    public async Task Call_peers_joined_at_different_replicas_see_each_other_and_relay_offers_answers_and_candidates()
    {
        await using var aiko = await JoinAsync(replicas.First, "split-call", "Aiko");
        var aikoWelcome = await aiko.ReceiveAsync("welcome");
        Assert.Empty(aikoWelcome.GetProperty("peers").EnumerateArray());

        await using var bo = await JoinAsync(replicas.Second, "split-call", "Bo");
        var boWelcome = await bo.ReceiveAsync("welcome");
        var aikoId = aikoWelcome.GetProperty("peerId").GetString()!;
        var boId = boWelcome.GetProperty("peerId").GetString()!;
        Assert.Equal([(aikoId, "Aiko")], boWelcome.GetProperty("peers").EnumerateArray()
            .Select(peer => (peer.GetProperty("peerId").GetString(), peer.GetProperty("name").GetString())));
        Assert.NotEmpty(boWelcome.GetProperty("iceServers").EnumerateArray());
        var joined = await aiko.ReceiveAsync("peer-joined");
        Assert.Equal((boId, "Bo"), (joined.GetProperty("peerId").GetString(), joined.GetProperty("name").GetString()));

        await bo.SendAsync(new { type = "offer", to = aikoId, sdp = "v=0 offer from Bo" });
        var offer = await aiko.ReceiveAsync("offer");
        Assert.Equal((boId, "v=0 offer from Bo"), (offer.GetProperty("from").GetString(), offer.GetProperty("sdp").GetString()));
        await aiko.SendAsync(new { type = "answer", to = boId, sdp = "v=0 answer from Aiko" });
        Assert.Equal(aikoId, (await bo.ReceiveAsync("answer")).GetProperty("from").GetString());
        for (var i = 0; i < 20; i++)
        {
            await bo.SendAsync(new { type = "candidate", to = aikoId, candidate = new { candidate = $"candidate:{i}" } });
        }
        for (var i = 0; i < 20; i++)
        {
            // In the order sent.
            Assert.Equal($"candidate:{i}", (await aiko.ReceiveAsync("candidate")).GetProperty("candidate").GetProperty("candidate").GetString());
        }

        await bo.DisposeAsync();
        Assert.Equal(boId, (await aiko.ReceiveAsync("peer-left")).GetProperty("peerId").GetString());
    }

    [Fact]
    public async Task A_call_room_is_full_for_a_peer_at_another_replica_as_for_one_at_its_own()
    {
        var joined = new List<SignalingClient>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                var peer = await JoinAsync(i % 2 == 0 ? replicas.First : replicas.Second, "split-full", $"peer {i}");
                joined.Add(peer);
                await peer.ReceiveAsync("welcome");
            }
            await using var seventh = await JoinAsync(replicas.Second, "split-full", "seventh");

            var error = await seventh.ReceiveAsync("error");
            Assert.Equal("room-full", error.GetProperty("code").GetString());
            Assert.Equal(WebSocketCloseStatus.NormalClosure, await seventh.WaitClosedAsync());
        }
        finally
        {
            foreach (var peer in joined)
            {
                await peer.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task An_ayame_pair_registered_at_different_replicas_is_accepted_as_a_pair_and_relayed_verbatim()
    {
        await using var momo = await RegisterAsync(replicas.First, "split-ayame", "momo");
        Assert.False((await momo.ReceiveAsync("accept")).GetProperty("isExistClient").GetBoolean());
        await using var viewer = await RegisterAsync(replicas.Second, "split-ayame", "viewer");
        Assert.True((await viewer.ReceiveAsync("accept")).GetProperty("isExistClient").GetBoolean());

        const string offer = """{"type":"offer","sdp":"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" , "extra" : [1, {"kept": true}]}""";
        await viewer.SendTextAsync(offer);
        Assert.Equal(offer, await ReceiveNonPingTextAsync(momo));
        const string candidate = """{"type":"candidate","ice":{"candidate":"candidate:1 1 udp 1 127.0.0.1 9 typ host","sdpMid":"0","sdpMLineIndex":0}}""";
        await momo.SendTextAsync(candidate);
        Assert.Equal(candidate, await ReceiveNonPingTextAsync(viewer));
        await using var third = await RegisterAsync(replicas.Second, "split-ayame", "third");
        Assert.Equal("full", (await third.ReceiveAsync("reject")).GetProperty("reason").GetString());

        await viewer.DisposeAsync();
        await momo.ReceiveAsync("bye");
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await momo.WaitClosedAsync());
    }

    [Fact]
    public async Task A_relayed_client_is_closed_as_too_big_for_a_message_too_large_to_relay_and_its_peer_sees_it_leave()
    {
        await using var aiko = await JoinAsync(replicas.First, "split-large", "Aiko");
        var aikoId = (await aiko.ReceiveAsync("welcome")).GetProperty("peerId").GetString()!;
        await using var bo = await JoinAsync(replicas.Second, "split-large", "Bo");
        var boId = (await bo.ReceiveAsync("welcome")).GetProperty("peerId").GetString()!;

        // Within /ws/signaling's 64 KiB, beyond what one relay event carries.
        await bo.SendAsync(new { type = "offer", to = aikoId, sdp = new string('a', 40 * 1024) });

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await bo.WaitClosedAsync());
        Assert.Equal(boId, (await aiko.ReceiveAsync("peer-left")).GetProperty("peerId").GetString());
    }

    [Fact]
    public async Task A_burst_of_relayed_messages_arrives_whole_and_in_order()
    {
        await using var aiko = await JoinAsync(replicas.First, "split-burst", "Aiko");
        var aikoId = (await aiko.ReceiveAsync("welcome")).GetProperty("peerId").GetString()!;
        await using var bo = await JoinAsync(replicas.Second, "split-burst", "Bo");
        await bo.ReceiveAsync("welcome");
        const int Burst = 3_000;

        // As fast as the socket takes them (the fixture lifts the per-connection rate).
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < Burst; i++)
            {
                await bo.SendAsync(new { type = "candidate", to = aikoId, candidate = new { candidate = $"candidate:{i}" } });
            }
        });

        var received = new List<string>();
        try
        {
            while (received.Count < Burst)
            {
                var message = await aiko.ReceiveAsync(TimeSpan.FromSeconds(30));
                if (message.GetProperty("type").GetString() == "candidate")
                {
                    received.Add(message.GetProperty("candidate").GetProperty("candidate").GetString()!);
                }
            }
        }
        finally
        {
            await sending;
        }
        Assert.Equal(Enumerable.Range(0, Burst).Select(i => $"candidate:{i}"), received);
    }

    [Fact]
    public async Task A_split_pair_talking_both_ways_at_a_sustained_rate_hears_every_message_within_seconds()
    {
        await using var aiko = await JoinAsync(replicas.First, "split-sustained", "Aiko");
        var aikoId = (await aiko.ReceiveAsync("welcome")).GetProperty("peerId").GetString()!;
        await using var bo = await JoinAsync(replicas.Second, "split-sustained", "Bo");
        var boId = (await bo.ReceiveAsync("welcome")).GetProperty("peerId").GetString()!;
        // 2,500 messages a second each way for 3 s. Before the event bus had socket buffers of its own, a replica's 8 KiB
        // receive window soon closed under such a load, and the broker's waits let the relay in at about 30 KB/s.
        const int PerTick = 25;
        const int Messages = 300 * PerTick;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3 + 10);

        var heard = Task.WhenAll(HeardAsync(bo), HeardAsync(aiko));
        await Task.WhenAll(SendPacedAsync(aiko, boId), SendPacedAsync(bo, aikoId));

        Assert.All(await heard, candidates => Assert.Equal(Enumerable.Range(0, Messages), candidates));

        static async Task SendPacedAsync(SignalingClient from, string to)
        {
            using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            for (var sent = 0; sent < Messages && await ticks.WaitForNextTickAsync(); )
            {
                for (var end = sent + PerTick; sent < end; sent++)
                {
                    await from.SendAsync(new { type = "candidate", to, candidate = new { candidate = $"candidate:{sent}" } });
                }
            }
        }

        async Task<List<int>> HeardAsync(SignalingClient at)
        {
            var candidates = new List<int>();
            while (candidates.Count < Messages && deadline > DateTime.UtcNow)
            {
                var message = await at.ReceiveAsync(deadline - DateTime.UtcNow + TimeSpan.FromMilliseconds(1));
                if (message.GetProperty("type").GetString() == "candidate")
                {
                    candidates.Add(int.Parse(message.GetProperty("candidate").GetProperty("candidate").GetString()!["candidate:".Length..],
                        CultureInfo.InvariantCulture));
                }
            }
            return candidates;
        }
    }

    [Fact]
    public async Task Relay_events_go_only_to_the_inbox_of_the_replica_they_are_for()
    {
        var first = await ReplicaAsync(replicas.First);
        var second = await ReplicaAsync(replicas.Second);
        Assert.NotEqual(first.Inbox, second.Inbox);
        var inboxOf = new Dictionary<Guid, string> { [first.Id] = first.Inbox, [second.Id] = second.Inbox };
        await using var recorder = await TopicRecorder.StartAsync(replicas.Broker, "#");

        await using var aiko = await JoinAsync(replicas.First, "split-inbox", "Aiko");
        var aikoId = (await aiko.ReceiveAsync("welcome")).GetProperty("peerId").GetString()!;
        await using var bo = await JoinAsync(replicas.Second, "split-inbox", "Bo");
        await bo.ReceiveAsync("welcome");
        await bo.SendAsync(new { type = "offer", to = aikoId, sdp = "v=0 offer from Bo" });
        await aiko.ReceiveAsync("offer");

        // Bo's join and offer went to the room's replica, the first; its welcome came back to the second. The recorder
        // may hear them a moment after the replicas did.
        var relayed = new List<(string Topic, Guid To)>();
        while (!relayed.Any(step => step.To == first.Id) || !relayed.Any(step => step.To == second.Id) || recorder.CountSoFar > 0)
        {
            var message = await recorder.NextAsync(TimeSpan.FromSeconds(15));
            if (message.Topic.StartsWith(Topics.Of<SignalingRelayIntegrationEvent>(), StringComparison.Ordinal))
            {
                using var envelope = JsonDocument.Parse(message.Payload);
                relayed.Add((message.Topic, envelope.RootElement.GetProperty("data").GetProperty("to").GetGuid()));
            }
        }
        Assert.All(relayed, step => Assert.Equal(Topics.InboxOf(typeof(SignalingRelayIntegrationEvent), inboxOf[step.To]), step.Topic));
    }

    [Fact]
    public async Task Relay_steps_lost_on_the_way_end_the_relayed_connection_rather_than_leave_its_call_half_negotiated()
    {
        await using var aiko = await JoinAsync(replicas.First, "split-gap", "Aiko");
        var aikoId = (await aiko.ReceiveAsync("welcome")).GetProperty("peerId").GetString()!;
        await using var bo = await JoinAsync(replicas.Second, "split-gap", "Bo");
        var boId = (await bo.ReceiveAsync("welcome")).GetProperty("peerId").GetString()!;
        var (connectionId, home) = await RelayedConnectionAsync(replicas.Second, "split-gap");
        var guest = (await ReplicaAsync(replicas.Second)).Id;
        var homeInbox = (await ReplicaAsync(replicas.First)).Inbox;

        // As if the broker had dropped the connection's steps 1 to 9: the 10th and 11th arrive.
        var gap = new SignalingRelayIntegrationEvent(home, [.. new[] { 10, 11 }.Select(sequence => new SignalingRelayStep(
            guest, home, connectionId, sequence, RelayStep.FromClient, $$"""{"type":"offer","to":"{{aikoId}}","sdp":"after a gap"}"""))])
        {
            Inbox = homeInbox,
        };
        var broker = await BrokerClient.ConnectAsync(replicas.Broker, "relay-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            await broker.PublishQos1Async(Topics.Of(gap), CloudEventSerializer.Serialize(gap, "signaling", "pubsub"));
        }
        finally
        {
            await broker.CloseAsync();
        }

        Assert.Equal(WebSocketCloseStatus.InternalServerError, await bo.WaitClosedAsync());
        Assert.Equal(boId, (await aiko.ReceiveAsync("peer-left")).GetProperty("peerId").GetString());
        // Ended once: the step after the gap is no second reason.
        await Eventually.TrueAsync(() => replicas.First.RecentOutput.Any(line => line.Contains(connectionId, StringComparison.Ordinal)), "the home logs the gap");
        Assert.Single(replicas.First.RecentOutput, line => line.Contains($"Relayed connection {connectionId} ends: steps", StringComparison.Ordinal));
    }

    /// <summary>The relayed connection to <paramref name="room"/> that <paramref name="guest"/> logged, and its room's replica.</summary>
    private static async Task<(string ConnectionId, Guid Home)> RelayedConnectionAsync(ServiceProcess guest, string room)
    {
        Match? found = null;
        await Eventually.TrueAsync(() => (found = guest.RecentOutput
            .Select(line => Regex.Match(line, $@"Connection (\w+) joins /ws/signaling room {room}, which lives on replica ([0-9a-f-]+)"))
            .FirstOrDefault(match => match.Success)) is not null, $"the replica logs relaying a connection to {room}");
        return (found!.Groups[1].Value, Guid.Parse(found.Groups[2].Value));
    }

    /// <summary>The replica's id in the directory and its relay inbox, as it logged them.</summary>
    private static async Task<(Guid Id, string Inbox)> ReplicaAsync(ServiceProcess replica)
    {
        Match? found = null;
        await Eventually.TrueAsync(() => (found = replica.RecentOutput
            .Select(line => Regex.Match(line, @"Signaling replica ([0-9a-f-]+) joined the shared room directory, relay inbox ([0-9a-f]+)"))
            .FirstOrDefault(match => match.Success)) is not null, "the replica logs its id");
        return (Guid.Parse(found!.Groups[1].Value), found.Groups[2].Value);
    }

    private static async Task<SignalingClient> JoinAsync(ServiceProcess replica, string room, string name)
    {
        var client = await SignalingClient.ConnectAsync(SignalingReplicas.Endpoint(replica, "/ws/signaling"));
        await client.SendAsync(new { type = "join", room, name });
        return client;
    }

    private static async Task<SignalingClient> RegisterAsync(ServiceProcess replica, string roomId, string clientId)
    {
        var client = await SignalingClient.ConnectAsync(SignalingReplicas.Endpoint(replica, "/signaling"));
        await client.SendAsync(new { type = "register", roomId, clientId, ayameClient = "test" });
        return client;
    }

    private static async Task<string> ReceiveNonPingTextAsync(SignalingClient client)
    {
        while (true)
        {
            var text = await client.ReceiveTextAsync();
            if (JsonDocument.Parse(text).RootElement.GetProperty("type").GetString() != "ping")
            {
                return text;
            }
        }
    }
}

/// <summary>What the clients of a room see when the replica the room lives on goes away.</summary>
public sealed class SignalingReplicaFailoverTests : IAsyncLifetime
{
    private readonly SignalingReplicas _replicas = new();

    public Task InitializeAsync() => _replicas.InitializeAsync();

    public Task DisposeAsync() => _replicas.DisposeAsync();

    [Fact]
    public async Task When_the_rooms_replica_is_killed_its_relayed_peer_is_closed_and_joins_again_at_its_own_replica()
    {
        await using var aiko = await SignalingClient.ConnectAsync(SignalingReplicas.Endpoint(_replicas.First, "/ws/signaling"));
        await aiko.SendAsync(new { type = "join", room = "failover", name = "Aiko" });
        await aiko.ReceiveAsync("welcome");
        await using var bo = await SignalingClient.ConnectAsync(SignalingReplicas.Endpoint(_replicas.Second, "/ws/signaling"));
        await bo.SendAsync(new { type = "join", room = "failover", name = "Bo" });
        Assert.Single((await bo.ReceiveAsync("welcome")).GetProperty("peers").EnumerateArray());

        await _replicas.First.KillAsync();

        // Within the replica timeout (3 s here) and a heartbeat.
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await bo.WaitClosedAsync(TimeSpan.FromSeconds(15)));
        await using var again = await SignalingClient.ConnectAsync(SignalingReplicas.Endpoint(_replicas.Second, "/ws/signaling"));
        await again.SendAsync(new { type = "join", room = "failover", name = "Bo" });
        Assert.Empty((await again.ReceiveAsync("welcome")).GetProperty("peers").EnumerateArray());
    }

    [Fact]
    public async Task Without_the_shared_directory_a_replica_is_not_ready_and_asks_a_joining_client_to_try_again_later()
    {
        using var http = _replicas.First.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);

        await _replicas.Database.Server.StopAsync();

        await Eventually.TrueAsync(async () => (await http.GetAsync("/readyz")).StatusCode == System.Net.HttpStatusCode.ServiceUnavailable,
            "the replica is not ready once its beats stop reaching the directory");
        await using var client = await SignalingClient.ConnectAsync(SignalingReplicas.Endpoint(_replicas.First, "/ws/signaling"));
        await client.SendAsync(new { type = "join", room = "no-directory", name = "Cai" });
        Assert.Equal((WebSocketCloseStatus)1013, await client.WaitClosedAsync());

        await _replicas.Database.Server.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(async () => (await http.GetAsync("/readyz")).StatusCode == System.Net.HttpStatusCode.OK,
            "the replica is ready again once the directory is back");
    }
}

/// <summary>A replica stopped on purpose, as in a rolling update, with a replica timeout (30 s here) too long to wait out.</summary>
public sealed class SignalingReplicaHandoverTests : IAsyncLifetime
{
    private readonly SignalingReplicas _replicas = SignalingReplicas.With(new Dictionary<string, string?>
    {
        ["Signaling:Replicas:ReplicaTimeout"] = "00:00:30",
        ["Signaling:Replicas:OpenTimeout"] = "00:00:02",
    });

    public Task InitializeAsync() => _replicas.InitializeAsync();

    public Task DisposeAsync() => _replicas.DisposeAsync();

    [Fact]
    public async Task A_replica_stopped_gracefully_hands_its_rooms_at_once_to_the_replica_their_clients_join_again()
    {
        await using var aiko = await SignalingClient.ConnectAsync(SignalingReplicas.Endpoint(_replicas.First, "/ws/signaling"));
        await aiko.SendAsync(new { type = "join", room = "handover", name = "Aiko" });
        await aiko.ReceiveAsync("welcome");
        await using var bo = await SignalingClient.ConnectAsync(SignalingReplicas.Endpoint(_replicas.Second, "/ws/signaling"));
        await bo.SendAsync(new { type = "join", room = "handover", name = "Bo" });
        await bo.ReceiveAsync("welcome");

        await _replicas.First.StopAsync();

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await bo.WaitClosedAsync(TimeSpan.FromSeconds(15)));
        Assert.Contains(_replicas.First.RecentOutput, line => line.Contains("left the shared room directory", StringComparison.Ordinal));
        // As the call page's user would: join again until welcomed. Had the room stayed with the stopped replica, every
        // join would be relayed there, unanswered (1013 after the open timeout), until the replica timeout.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            await using var again = await SignalingClient.ConnectAsync(SignalingReplicas.Endpoint(_replicas.Second, "/ws/signaling"));
            await again.SendAsync(new { type = "join", room = "handover", name = "Bo" });
            try
            {
                Assert.Empty((await again.ReceiveAsync("welcome")).GetProperty("peers").EnumerateArray());
                return;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                // Closed before the welcome: the stopping replica still took this join.
            }
        }
    }
}

/// <summary>Connections that would otherwise wait for ever, at replicas with short timeouts: one that never says which room it joins, one whose first message is never answered.</summary>
public sealed class SignalingReplicaTimeoutTests : IAsyncLifetime
{
    private readonly SignalingReplicas _replicas = SignalingReplicas.With(new Dictionary<string, string?>
    {
        ["Signaling:PeerTimeout"] = "00:00:02",
        ["Signaling:PingInterval"] = "00:00:01",
        ["Signaling:DirectoryWait"] = "00:00:01",
        ["Signaling:Replicas:OpenTimeout"] = "00:00:02",
    });

    public Task InitializeAsync() => _replicas.InitializeAsync();

    public Task DisposeAsync() => _replicas.DisposeAsync();

    [Fact]
    public async Task A_client_that_sends_nothing_is_cut_after_the_silence_timeout_as_on_a_single_replica()
    {
        await using var silent = await SignalingClient.ConnectAsync(SignalingReplicas.Endpoint(_replicas.First, "/ws/signaling"));

        // Cut without a close handshake, as a silent peer is: the socket just ends.
        await silent.Closed.WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task A_relayed_client_whose_first_message_its_rooms_replica_never_answers_is_asked_to_connect_again()
    {
        // A replica that is alive for ever and runs the room, but never answers: as if the broker had dropped the step.
        var unanswering = Guid.CreateVersion7();
        await _replicas.Database.Server.ExecuteAsync("signaling", $"""
            INSERT INTO replicas (replica, seen_at) VALUES ('{unanswering}', 'infinity');
            INSERT INTO homes (endpoint, room_id, replica) VALUES ('/ws/signaling', 'unanswered', '{unanswering}');
            """, CancellationToken.None);

        await using var client = await SignalingClient.ConnectAsync(SignalingReplicas.Endpoint(_replicas.First, "/ws/signaling"));
        await client.SendAsync(new { type = "join", room = "unanswered", name = "Aiko" });

        Assert.Equal((WebSocketCloseStatus)1013, await client.WaitClosedAsync(TimeSpan.FromSeconds(15)));
        Assert.Contains(_replicas.First.RecentOutput, line => line.Contains($"replica {unanswering} did not answer its first message", StringComparison.Ordinal));
    }
}
