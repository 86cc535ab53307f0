using System.Diagnostics;

namespace Fastpath.DpdkHost;

/// <summary>The scenarios: each drives one open dpdk port for at most the timeout and records what it saw.</summary>
internal sealed class Scenarios(DpdkPort port, BufferCache cache, Results results, int count, Stopwatch clock, int timeoutMs)
{
    private readonly PacketBuffer[] _burst = new PacketBuffer[Burst.MaxSize];

    private bool TimeLeft => clock.ElapsedMilliseconds < timeoutMs;

    /// <summary>Send numbered frames and read them back (net_ring0 is a loop): all must return, intact, in order, in the very mbufs sent.</summary>
    public void Loopback()
    {
        var frames = new byte[count][];
        for (int i = 0; i < count; i++)
            frames[i] = Frames.Create((uint)i, Frames.MacA, Frames.MacB);
        var sentDescriptors = new nint[count];
        int sent = 0, received = 0, intact = 0, sameBuffer = 0, refused = 0, owned = 0;
        bool inOrder = true;
        while (received < count && TimeLeft)
        {
            if (sent < count)
            {
                int n = Fill(frames, sent, Math.Min(Burst.MaxSize, count - sent));
                for (int i = 0; i < n; i++)
                    sentDescriptors[sent + i] = Pointer(_burst[i]);
                int accepted = port.TransmitBurst(_burst.AsSpan(0, n));
                cache.FreeBurst(_burst.AsSpan(accepted, n - accepted));
                refused += n - accepted;
                sent += accepted;
            }
            int got = port.ReceiveBurst(_burst);
            for (int i = 0; i < got; i++)
            {
                PacketBuffer b = _burst[i];
                if (Frames.TryRead(b.Data, out uint sequence) && sequence != received)
                    inOrder = false;
                if (received < count && b.Data.SequenceEqual(frames[received]))
                    intact++;
                if (received < count && Pointer(b) == sentDescriptors[received])
                    sameBuffer++;
                if (cache.Pool.Owns(b))
                    owned++;
                received++;
            }
            cache.FreeBurst(_burst.AsSpan(0, got));
        }
        results.Add("sent", sent);
        results.Add("received", received);
        results.Add("intact", intact);
        results.Add("in_order", inOrder);
        results.Add("same_buffer", sameBuffer);
        results.Add("tx_refused", refused);
        results.Add("owned", owned);
        // A buffer of an ordinary pool is not the mempool's, and asking does not touch memory in front of it.
        using (var other = new BufferPool(1))
        {
            other.CreateCache().TryAlloc(out PacketBuffer foreign);
            results.Add("foreign_owned", cache.Pool.Owns(foreign));
        }
    }

    /// <summary>Receive from net_null (it makes 64-byte packets) and send each back, in three windows: the port's counters must match what went through, and the quietest window must allocate nothing.</summary>
    public void Null()
    {
        long received = 0, transmitted = 0, wrongLength = 0;
        long fewestAllocated = long.MaxValue;
        for (int window = 0; window < 3; window++)
        {
            long target = (long)count * (window + 1) / 3;
            // The smallest of three windows: the first may include one-time runtime work (tiering, thread registration).
            long before = GC.GetAllocatedBytesForCurrentThread();
            while (received < target && TimeLeft)
            {
                int got = port.ReceiveBurst(_burst);
                for (int i = 0; i < got; i++)
                {
                    if (_burst[i].Length != 64)
                        wrongLength++;
                }
                int accepted = port.TransmitBurst(_burst.AsSpan(0, got));
                cache.FreeBurst(_burst.AsSpan(accepted, got - accepted));
                received += got;
                transmitted += accepted;
            }
            fewestAllocated = Math.Min(fewestAllocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        results.Add("received", received);
        results.Add("transmitted", transmitted);
        results.Add("wrong_length", wrongLength);
        results.Add("allocated", fewestAllocated);
    }

    /// <summary>Receive up to the count and send each packet back as it came (net_pcap: from rx_pcap into tx_pcap).</summary>
    public void Echo()
    {
        long received = 0, transmitted = 0;
        while (received < count && TimeLeft)
        {
            int got = port.ReceiveBurst(_burst);
            int accepted = port.TransmitBurst(_burst.AsSpan(0, got));
            cache.FreeBurst(_burst.AsSpan(accepted, got - accepted));
            received += got;
            transmitted += accepted;
        }
        results.Add("received", received);
        results.Add("transmitted", transmitted);
    }

    /// <summary>Say ready, then receive numbered frames from the A end (sent by <see cref="Send"/>) until all came or the time is up.</summary>
    public void Receive()
    {
        Results.Signal("ready");
        var expected = new Dictionary<uint, byte[]>();
        int received = 0, intact = 0, others = 0, probes = 0;
        uint next = 0;
        bool inOrder = true;
        while (received < count && TimeLeft)
        {
            int got = port.ReceiveBurst(_burst);
            for (int i = 0; i < got; i++)
            {
                Span<byte> data = _burst[i].Data;
                if (!Frames.TryRead(data, out uint sequence))
                {
                    others++;
                    continue;
                }
                if (sequence == Frames.Probe)
                {
                    probes++;
                    continue;
                }
                if (sequence != next)
                    inOrder = false;
                next = sequence + 1;
                if (data.SequenceEqual(Frames.Create(sequence, Frames.MacA, Frames.MacB)))
                    intact++;
                received++;
            }
            cache.FreeBurst(_burst.AsSpan(0, got));
        }
        // Whatever else arrives until the counters are read is counted too, so that they add up.
        Thread.Sleep(200);
        others += Drain();
        results.Add("received", received);
        results.Add("intact", intact);
        results.Add("in_order", inOrder);
        results.Add("others", others);
        results.Add("probes", probes);
    }

    /// <summary>Send numbered frames from A to B, a burst at a time with a pause between, so the peer's ring (512 frames) never overflows.</summary>
    public void Send()
    {
        int sent = SendFrames(Frames.MacA, Frames.MacB);
        results.Add("sent", sent);
    }

    /// <summary>From B, probe until the forwarder on A answers, then send numbered frames and check each comes back with its MACs swapped and the rest intact, in order.</summary>
    public void PingPong()
    {
        bool answered = false;
        int probes = 0;
        while (!answered && TimeLeft)
        {
            SendOne(Frames.Create(Frames.Probe, Frames.MacB, Frames.MacA));
            probes++;
            long until = clock.ElapsedMilliseconds + 100;
            while (!answered && clock.ElapsedMilliseconds < until)
            {
                int got = port.ReceiveBurst(_burst);
                for (int i = 0; i < got; i++)
                    answered |= Frames.TryRead(_burst[i].Data, out uint s) && s == Frames.Probe;
                cache.FreeBurst(_burst.AsSpan(0, got));
            }
        }
        results.Add("answered", answered);
        results.Add("probes", probes);
        if (!answered)
            return;
        // Answers to late probes may still be on their way: they are skipped below, not counted.
        int received = 0, intact = 0, others = 0, sent = 0;
        uint next = 0;
        bool inOrder = true;
        var frames = new byte[count][];
        for (int i = 0; i < count; i++)
            frames[i] = Frames.Create((uint)i, Frames.MacB, Frames.MacA);
        while (received < count && TimeLeft)
        {
            if (sent < count)
            {
                int n = Fill(frames, sent, Math.Min(Burst.MaxSize, count - sent));
                int accepted = port.TransmitBurst(_burst.AsSpan(0, n));
                cache.FreeBurst(_burst.AsSpan(accepted, n - accepted));
                sent += accepted;
            }
            long until = clock.ElapsedMilliseconds + 2;
            while (clock.ElapsedMilliseconds < until)
            {
                int got = port.ReceiveBurst(_burst);
                for (int i = 0; i < got; i++)
                {
                    Span<byte> data = _burst[i].Data;
                    if (!Frames.TryRead(data, out uint sequence) || sequence == Frames.Probe)
                    {
                        others++;
                        continue;
                    }
                    if (sequence != next)
                        inOrder = false;
                    next = sequence + 1;
                    // The forwarder swapped the MACs: what comes back is the frame as A would have sent it.
                    if (data.SequenceEqual(Frames.Create(sequence, Frames.MacA, Frames.MacB)))
                        intact++;
                    received++;
                }
                cache.FreeBurst(_burst.AsSpan(0, got));
            }
        }
        results.Add("sent", sent);
        results.Add("received", received);
        results.Add("intact", intact);
        results.Add("in_order", inOrder);
        results.Add("others", others);
    }

    private int SendFrames(byte[] source, byte[] destination)
    {
        var frames = new byte[count][];
        for (int i = 0; i < count; i++)
            frames[i] = Frames.Create((uint)i, source, destination);
        int sent = 0;
        while (sent < count && TimeLeft)
        {
            int n = Fill(frames, sent, Math.Min(Burst.MaxSize, count - sent));
            int accepted = port.TransmitBurst(_burst.AsSpan(0, n));
            cache.FreeBurst(_burst.AsSpan(accepted, n - accepted));
            sent += accepted;
            Thread.Sleep(2);
        }
        return sent;
    }

    private void SendOne(byte[] frame)
    {
        if (!cache.TryAlloc(out PacketBuffer b))
            throw new InvalidOperationException("the pool ran dry");
        b.TryCopyFrom(frame);
        if (port.TransmitBurst([b]) == 0)
            cache.Free(b);
    }

    private int Fill(byte[][] frames, int first, int n)
    {
        for (int i = 0; i < n; i++)
        {
            if (!cache.TryAlloc(out _burst[i]) || !_burst[i].TryCopyFrom(frames[first + i]))
                throw new InvalidOperationException($"could not stage frame {first + i}");
        }
        return n;
    }

    private int Drain()
    {
        int total = 0, got;
        while ((got = port.ReceiveBurst(_burst)) > 0)
        {
            cache.FreeBurst(_burst.AsSpan(0, got));
            total += got;
        }
        return total;
    }

    private static unsafe nint Pointer(PacketBuffer b) => (nint)b.Descriptor;
}
