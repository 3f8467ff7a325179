using Hiroba.Deployment.Tests.Files;
using Hiroba.LocalComponents;
using Hiroba.Contracts;
using Hiroba.EventBus;

namespace Hiroba.Deployment.Tests;

public sealed class MosquittoAclTests
{
    private static readonly MosquittoAcl Acl = MosquittoAcl.Load();
    private static readonly MosquittoConfig Config = MosquittoConfig.Load();

    [Fact]
    public void Anonymous_clients_may_read_the_public_topics_and_nothing_else()
    {
        Assert.Equal(
            PublicTopics.All.Select(topic => ("read", topic)).Order(),
            Acl.Anonymous.Select(entry => (entry.Access, entry.TopicFilter)).Order());
        // A pattern applies to every client, anonymous ones included.
        Assert.DoesNotContain(Acl.Entries, entry => entry.IsPattern);
    }

    [Fact]
    public void The_services_user_may_read_and_write_every_topic_and_is_the_only_user()
    {
        var user = Assert.Single(Acl.Users);

        Assert.Equal([("readwrite", "#")], Acl.Entries.Where(entry => entry.User == user).Select(entry => (entry.Access, entry.TopicFilter)));
        Assert.Contains($"username={user}", Repository.Read($"{MosquittoConfig.Folder}/create-password-file.sh"), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_listener_has_its_own_settings_and_uses_the_acl()
    {
        Assert.Contains(new MosquittoSetting("per_listener_settings", "true"), Config.Global);
        Assert.All(Config.Listeners, listener =>
            Assert.Equal(MosquittoAcl.FileName, MosquittoConfig.RepositoryPathOf(listener.Setting("acl_file")!)));
    }

    [Fact]
    public void A_session_keeps_a_backlog_of_10000_messages_as_in_the_local_run()
    {
        // mosquitto drops what a session's queue cannot hold (1000 messages by default) without a word.
        Assert.Contains(new MosquittoSetting("max_queued_messages", "10000"), Config.Global);
        Assert.Contains(new MosquittoSetting("max_queued_bytes", "4194304"), Config.Global);
    }

    [Fact]
    public void The_internal_listener_admits_only_users_from_the_password_file_written_at_start()
    {
        var internalListener = Config.Listener("mqtt");

        Assert.Equal("false", internalListener.Setting("allow_anonymous"));
        var passwordFile = internalListener.Setting("password_file")!;
        var authVolume = Assert.Single(ComposeFile.Instance.Services["mosquitto-password-file"].Volumes, mount => !mount.IsBindMount);
        Assert.StartsWith(authVolume.Target + "/", passwordFile, StringComparison.Ordinal);
        Assert.Equal(passwordFile, ComposeFile.Instance.Services["mosquitto-password-file"].Entrypoint[^1]);
    }

    [Theory]
    [InlineData("websockets", false)]
    [InlineData("mqtt", true)]
    public void The_public_and_health_listeners_admit_anonymous_clients_only(string protocol, bool loopbackOnly)
    {
        var listener = Config.Listener(protocol, loopbackOnly);

        Assert.Equal("true", listener.Setting("allow_anonymous"));
        // A password file without users refuses every client that names a user, so no one can sign in as the
        // services' user here.
        var passwordFile = MosquittoConfig.RepositoryPathOf(listener.Setting("password_file")!);
        Assert.Equal("", Repository.Read(passwordFile).Trim());
    }

    [Fact]
    public void The_broker_limits_are_the_event_buses_and_the_local_runs()
    {
        // Global in mosquitto 2.0; the local run's generated config has the same (infra/LocalComponents).
        Assert.Contains(new MosquittoSetting("max_packet_size", $"{EventBusLimits.MaxPacketBytes}"), Config.Global);
        Assert.Contains(new MosquittoSetting("memory_limit", $"{MosquittoServer.MemoryLimitBytes}"), Config.Global);
    }

    [Fact]
    public void The_health_check_lets_the_broker_make_its_client_id()
    {
        // A fixed id could be taken by a client of the public listener, which would make the check fail.
        var check = ComposeFile.Instance.Services["mosquitto"].HealthCheck;

        Assert.Equal("mosquitto_sub", check[1]);
        Assert.DoesNotContain(check, argument => argument is "-i" or "-I" or "--id" or "--id-prefix");
    }
}
