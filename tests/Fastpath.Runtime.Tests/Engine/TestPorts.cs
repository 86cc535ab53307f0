namespace Fastpath.Tests.Engine;

/// <summary>A live port with no traffic: never receives, never exhausted.</summary>
internal readonly struct QuietPort : IPort
{
    public int ReceiveBurst(Span<PacketBuffer> buffers) => 0;

    public int TransmitBurst(ReadOnlySpan<PacketBuffer> buffers) => throw new InvalidOperationException("nothing to send on a quiet port");

    public void Flush()
    {
    }

    public bool IsExhausted => false;
}

/// <summary>A quiet port that can put the worker to sleep, counting the waits.</summary>
internal readonly struct WaitingPort(WaitingPort.Log log) : IPort, IWaitablePort
{
    public int ReceiveBurst(Span<PacketBuffer> buffers) => 0;

    public int TransmitBurst(ReadOnlySpan<PacketBuffer> buffers) => throw new InvalidOperationException("nothing to send on a quiet port");

    public void Flush()
    {
    }

    public bool IsExhausted => false;

    public bool WaitForPackets(int timeoutMilliseconds)
    {
        log.Waits++;
        log.LastTimeout = timeoutMilliseconds;
        Thread.Sleep(timeoutMilliseconds);
        return false;
    }

    public sealed class Log
    {
        public long Waits;
        public int LastTimeout;
    }
}

/// <summary>A port that receives one packet per poll, for a fixed number of packets, optionally sleeping 1 ms in each receive; it records the size of each transmit burst.</summary>
internal readonly struct TricklePort(BufferCache cache, byte[] frame, TricklePort.Log log) : IPort
{
    public int ReceiveBurst(Span<PacketBuffer> buffers)
    {
        if (log.Remaining == 0)
            return 0;
        if (log.SlowReceive)
            Thread.Sleep(1); // at least 1 ms, ten times the default drain interval
        if (!cache.TryAlloc(out PacketBuffer b))
            return 0;
        b.TryCopyFrom(frame);
        buffers[0] = b;
        log.Remaining--;
        return 1;
    }

    public int TransmitBurst(ReadOnlySpan<PacketBuffer> buffers)
    {
        lock (log.Bursts)
            log.Bursts.Add(buffers.Length);
        cache.FreeBurst(buffers);
        return buffers.Length;
    }

    public void Flush() => log.Flushes++;

    public bool IsExhausted => log.Remaining == 0;

    public sealed class Log(int packets, bool slowReceive)
    {
        public int Remaining = packets;
        public bool SlowReceive = slowReceive;
        public int Flushes;
        public List<int> Bursts { get; } = [];
    }
}

/// <summary>A memory port whose transmit fails as a broken capture file would.</summary>
internal readonly struct FailingPort(MemoryPort inner) : IPort
{
    public int ReceiveBurst(Span<PacketBuffer> buffers) => inner.ReceiveBurst(buffers);

    public int TransmitBurst(ReadOnlySpan<PacketBuffer> buffers) => throw new IOException("no space left on device");

    public void Flush()
    {
    }

    public bool IsExhausted => inner.IsExhausted;
}
