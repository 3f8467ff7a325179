using System.Net;
using Hiroba.LocalComponents;
using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests.Tls;

/// <summary>A gateway (no services behind it) serving HTTPS on a loopback port with a certificate from the stack's local CA.</summary>
public sealed class LoopbackHttpsStack() : HirobaStack(new IPEndPoint(IPAddress.Loopback, FreePorts.Tcp()));
