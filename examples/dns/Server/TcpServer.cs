using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Fastpath.Examples.Dns.Protocol;

namespace Fastpath.Examples.Dns.Server;

/// <summary>DNS over TCP (RFC 7766) on a kernel socket: the slow path for replies too big for UDP, answered from the same prepared replies.</summary>
/// <remarks>TCP is control-plane traffic here (a client retries over it after TC): one thread accepts, each connection is served on the thread pool, a few queries each.</remarks>
internal sealed class TcpServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly ServerState _state;
    private readonly CancellationTokenSource _stop = new();
    private long _queries;

    /// <summary>Listen on <paramref name="endpoint"/> for queries answered from <paramref name="state"/>'s zones.</summary>
    public TcpServer(IPEndPoint endpoint, ServerState state)
    {
        _state = state;
        _listener = new TcpListener(endpoint);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptLoop();
    }

    /// <summary>Return the queries answered over TCP.</summary>
    public long Queries => Interlocked.Read(ref _queries);

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            _ = Serve(client);
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                byte[] buffer = new byte[2 + ushort.MaxValue];
                // RFC 7766 §6.2.3: idle connections are closed after a few seconds.
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                while (true)
                {
                    idle.CancelAfter(TimeSpan.FromSeconds(10));
                    await stream.ReadExactlyAsync(buffer.AsMemory(0, 2), idle.Token);
                    int length = BinaryPrimitives.ReadUInt16BigEndian(buffer);
                    await stream.ReadExactlyAsync(buffer.AsMemory(2, length), idle.Token);
                    int reply = _state.Responder is { } responder ? responder.Answer(buffer.AsSpan(2), length, out _, overTcp: true) : 0;
                    if (reply == 0)
                        return;
                    Interlocked.Increment(ref _queries);
                    BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)reply);
                    await stream.WriteAsync(buffer.AsMemory(0, 2 + reply), idle.Token);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or EndOfStreamException)
            {
                // The client went away or idled out.
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
