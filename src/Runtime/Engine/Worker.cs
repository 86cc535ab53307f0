using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Fastpath;

/// <summary>One core's poll loop: receives bursts from its ports, runs the processor on each packet and acts on the verdict, batching transmits per port.</summary>
/// <remarks>
/// <para>
/// The shape of DPDK's l3fwd/l2fwd lcore loop and Knot's XDP worker. The worker owns one rx/tx
/// queue pair of each port (indexed by port id, which is what <see cref="Verdict.Forward"/> names),
/// a <see cref="BufferCache"/>, the processor and its <see cref="EngineCounters"/>; nothing here is
/// shared with another worker. Port and processor are struct type parameters, so the JIT compiles
/// one loop per pair and calls both directly (inlining where it can): no indirect call per packet.
/// </para>
/// <para>
/// Verdicts: <see cref="VerdictKind.Drop"/> frees; <see cref="VerdictKind.Transmit"/> batches for the
/// input port; <see cref="VerdictKind.Forward"/> batches for the named port, or drops as an unknown
/// port; <see cref="VerdictKind.SlowPath"/> queues on the ring to the control plane, or drops when
/// it is full; <see cref="VerdictKind.Continue"/> means no rule decided, and the default for an
/// undecided packet is to drop it, counted as "no verdict" apart from deliberate drops.
/// </para>
/// <para>
/// Transmit batches go out when one reaches a burst (checked after each receive burst), when a
/// poll round comes back empty (nothing is coming to fill them, so waiting only adds latency), on
/// the <see cref="WorkerOptions.TxDrainInterval"/> timer while traffic flows, and at shutdown.
/// Packets a port refuses are freed and counted as tx-full drops, as l3fwd does.
/// </para>
/// <para>
/// Run and Poll belong to one thread (the worker's); Stop may be called from any thread.
/// The engine never disposes ports: whoever opened them closes them.
/// </para>
/// </remarks>
public sealed class Worker<TPort, TProcessor>
    where TPort : struct, IPort
    where TProcessor : struct, IPacketProcessor
{
    // Waits on port 0 for an idle worker; made once from a generic method so the wait needs no box.
    private delegate bool PortWait(ref TPort port, int timeoutMilliseconds);

    private readonly TPort[] _ports;
    private readonly TxBatch[] _tx;
    private readonly BufferCache _cache;
    private readonly MemoryRing _slowPath;
    private readonly MemoryRing _inject;
    private readonly EngineCounters _counters = new();
    // Per port: rx packets, rx bytes, tx packets, tx bytes, after a cache line of padding; written by
    // this worker only, read by the control plane (EngineMetrics) with Volatile.Read.
    private readonly long[] _portStats;
    private const int PortStatsPad = 8;
    private readonly PortWait? _wait;
    private readonly bool _busyPoll;
    private readonly int _idlePollsBeforeSleep;
    private readonly int _maxSleepMilliseconds;
    private readonly long _drainTicks;
    private TProcessor _processor;
    private volatile bool _stopRequested;
    private int _current; // the packet Dispatch is on, for the fault handler
    private int _idleRounds;
    private int _sleepMilliseconds;
    private long _lastDrain;

    /// <summary>Create a worker over <paramref name="ports"/> (port id = index), running <paramref name="processor"/>, freeing into <paramref name="cache"/>.</summary>
    /// <remarks>Ports that allocate receive buffers should take them from the same <paramref name="cache"/>, so that what the worker frees comes back to it.</remarks>
    public Worker(TPort[] ports, TProcessor processor, BufferCache cache, WorkerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(cache);
        if (ports.Length is 0 or > ushort.MaxValue + 1)
            throw new ArgumentException($"a worker needs between 1 and {ushort.MaxValue + 1} ports, not {ports.Length}", nameof(ports));
        options ??= new WorkerOptions();
        options.Validate();
        _ports = ports;
        _processor = processor;
        _cache = cache;
        _tx = new TxBatch[ports.Length];
        _portStats = new long[PortStatsPad * 2 + ports.Length * 4];
        _slowPath = new MemoryRing(options.SlowPathRingSize);
        _inject = new MemoryRing(options.SlowPathRingSize);
        _busyPoll = options.BusyPoll;
        _idlePollsBeforeSleep = options.IdlePollsBeforeSleep;
        _maxSleepMilliseconds = (int)options.MaxIdleSleep.TotalMilliseconds;
        _drainTicks = (long)(options.TxDrainInterval.TotalSeconds * Stopwatch.Frequency);
        // With several ports a wait on one would starve the others, so only a lone port is waited on.
        if (ports.Length == 1 && typeof(IWaitablePort).IsAssignableFrom(typeof(TPort)))
        {
            _wait = typeof(Worker<TPort, TProcessor>)
                .GetMethod(nameof(WaitOn), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(typeof(TPort))
                .CreateDelegate<PortWait>();
        }
    }

    /// <summary>Return the worker's counters (live: approximate while it runs, exact once it has stopped).</summary>
    public EngineCounters Counters => _counters;

    /// <summary>Return packets and bytes received and sent on <paramref name="port"/> so far (approximate while running).</summary>
    public (long RxPackets, long RxBytes, long TxPackets, long TxBytes) PortCounters(int port)
    {
        int i = PortStatsPad + port * 4;
        return (Volatile.Read(ref _portStats[i]), Volatile.Read(ref _portStats[i + 1]), Volatile.Read(ref _portStats[i + 2]), Volatile.Read(ref _portStats[i + 3]));
    }

    /// <summary>Return the ports, by port id.</summary>
    public ReadOnlySpan<TPort> Ports => _ports;

    /// <summary>Return the buffer cache the worker frees into.</summary>
    public BufferCache Cache => _cache;

    /// <summary>Return the ring of packets for the control plane: this worker produces, one other thread consumes.</summary>
    public MemoryRing SlowPathRing => _slowPath;

    /// <summary>Return the ring of packets the control plane sends out through this worker (each to the port in its <see cref="PacketBuffer.Port"/>): one other thread produces, this worker consumes.</summary>
    public MemoryRing InjectRing => _inject;

    /// <summary>Return the processor (a copy; it holds the state the worker's packets left in it).</summary>
    public TProcessor Processor => _processor;

    /// <summary>Return the last exception an action threw, kept for diagnosis (the packet was dropped and counted).</summary>
    public Exception? LastFault { get; private set; }

    /// <summary>Return whether <see cref="Stop"/> was called.</summary>
    public bool StopRequested => _stopRequested;

    /// <summary>Ask the worker to finish: it sees this once per poll round, then flushes and returns from <see cref="Run"/>.</summary>
    public void Stop() => _stopRequested = true;

    /// <summary>Poll until stopped or every port is exhausted, then send what is batched, flush the ports and the cache, and return the counters.</summary>
    public EngineCounters Run()
    {
        bool clean = false;
        try
        {
            Loop();
            clean = true;
        }
        finally
        {
            Shutdown(clean);
        }
        return _counters;
    }

    // One poll round: a receive burst from each port, each packet processed, full batches sent;
    // returns how many packets came in. Partial batches and idling are Loop's business.
    [SkipLocalsInit]
    private int Poll()
    {
        // Not zeroed: ReceiveBurst writes every slot it reports before anything reads it.
        Unsafe.SkipInit(out Burst burst);
        Span<PacketBuffer> buffers = burst;
        TPort[] ports = _ports;
        int received = 0;
        for (int p = 0; p < ports.Length; p++)
        {
            int n = ports[p].ReceiveBurst(buffers);
            if (n == 0)
                continue;
            received += n;
            // Counted before processing, so the books balance even if a port throws mid-round.
            _counters.RxPackets += n;
            // Bytes before an action can change a length; the lengths are in the descriptors the parse reads next anyway.
            long bytes = 0;
            for (int i = 0; i < n; i++)
                bytes += buffers[i].Length;
            _portStats[PortStatsPad + p * 4] += n;
            _portStats[PortStatsPad + p * 4 + 1] += bytes;
            ProcessBurst(buffers, n, p);
            SendFullBatches();
        }
        // The control plane's replies (ARP, ICMP): one volatile read a round when there are none.
        int injected = _inject.Dequeue(buffers);
        if (injected != 0)
        {
            QueueInjected(buffers[..injected]);
            SendFullBatches();
        }
        _counters.Polls++;
        return received + injected;
    }

    // Each batch is below a burst here (full ones were just sent) and this adds at most a burst, so the two-burst batches hold.
    private void QueueInjected(Span<PacketBuffer> buffers)
    {
        _counters.Injected += buffers.Length;
        TxBatch[] tx = _tx;
        foreach (PacketBuffer b in buffers)
        {
            if (b.Port < tx.Length)
            {
                ref TxBatch to = ref tx[b.Port];
                to.Slots[to.Count++] = b;
            }
            else
            {
                _cache.Free(b);
                _counters.UnknownPort++;
            }
        }
    }

    private void Loop()
    {
        _lastDrain = Stopwatch.GetTimestamp();
        while (!_stopRequested)
        {
            if (Poll() != 0)
            {
                _idleRounds = 0;
                _sleepMilliseconds = 0;
                if (_drainTicks == 0)
                {
                    DrainAll();
                }
                else
                {
                    // One clock read per round, not per packet (l3fwd reads the TSC once per loop too).
                    long now = Stopwatch.GetTimestamp();
                    if (now - _lastDrain >= _drainTicks)
                    {
                        DrainAll();
                        _lastDrain = now;
                    }
                }
                continue;
            }

            _counters.EmptyPolls++;
            // Nothing came in: nothing will join the partial batches soon, so send them now.
            DrainAll();
            // Checked only on empty rounds (an exhausted port receives nothing), and after the drain,
            // because a loopback port turns what was just sent into more to receive.
            if (AllPortsExhausted())
                return;
            if (!_busyPoll && ++_idleRounds > _idlePollsBeforeSleep)
                Backoff();
        }
    }

    // One try per burst, not per packet, and the packet loop in a method of its own without one:
    // entering a protected region is free in .NET (handlers are found from tables only when
    // something throws), but locals live into a handler are kept on the stack, and with the loop
    // inside the try that put the index, the span and `this` in memory on every packet (read in
    // the JIT's output). Here the loop's locals stay in registers and the only cost is one store
    // per packet of the index the handler needs. A throw costs microseconds of unwinding, fine
    // for a bug in an action.
    private void ProcessBurst(Span<PacketBuffer> buffers, int n, int inPort)
    {
        int start = 0;
        while (true)
        {
            try
            {
                Dispatch(buffers[..n], start, inPort);
                return;
            }
            catch (Exception e)
            {
                // Only Process can throw in Dispatch (the rest is bookkeeping that does not), so the
                // packet has not been queued anywhere: free it once and go on with the next.
                int at = _current;
                Fault(buffers[at], e);
                start = at + 1;
            }
        }
    }

    // Acts on each packet's verdict. A port's batch holds up to two bursts: it is below a burst
    // when a receive burst starts (full ones were sent after the last) and one burst adds at most
    // a burst, so this loop never calls a port, and a port's exception is never taken for an action's.
    private void Dispatch(Span<PacketBuffer> buffers, int start, int inPort)
    {
        TxBatch[] tx = _tx;
        ref TxBatch back = ref tx[inPort];
        BufferCache cache = _cache;
        EngineCounters counters = _counters;
        if (start == 0)
        {
            // A throw here is charged to the burst's first packet, like a throw in its action.
            _current = 0;
            _processor.BeginBurst();
        }
        for (int i = start; i < buffers.Length; i++)
        {
            _current = i;
            PacketBuffer b = buffers[i];
            Verdict v = _processor.Process(b);
            switch (v.Kind)
            {
                case VerdictKind.Transmit:
                    back.Slots[back.Count++] = b;
                    break;
                case VerdictKind.Forward:
                    if (v.Port < tx.Length)
                    {
                        ref TxBatch to = ref tx[v.Port];
                        to.Slots[to.Count++] = b;
                    }
                    else
                    {
                        cache.Free(b);
                        counters.UnknownPort++;
                    }
                    break;
                case VerdictKind.Drop:
                    cache.Free(b);
                    counters.Dropped++;
                    break;
                case VerdictKind.SlowPath:
                    // A span over the burst's slot rather than over `b`, which would pin `b` to the stack.
                    if (_slowPath.Enqueue(buffers.Slice(i, 1)) == 1)
                    {
                        counters.SlowPath++;
                    }
                    else
                    {
                        cache.Free(b);
                        counters.SlowPathFull++;
                    }
                    break;
                default:
                    // Continue (or a kind this worker does not know): no rule decided, and the default is to drop.
                    cache.Free(b);
                    counters.NoVerdict++;
                    break;
            }
        }
    }

    private void SendFullBatches()
    {
        TxBatch[] tx = _tx;
        for (int p = 0; p < tx.Length; p++)
        {
            if (tx[p].Count >= Burst.MaxSize)
                Send(p);
        }
    }

    private void DrainAll()
    {
        TxBatch[] tx = _tx;
        for (int p = 0; p < tx.Length; p++)
        {
            if (tx[p].Count > 0)
                Send(p);
            if (tx[p].Sent)
            {
                // Let the port push out what it holds back for batching (a pcap writer's buffer, a doorbell).
                _ports[p].Flush();
                tx[p].Sent = false;
            }
        }
    }

    private void Send(int port)
    {
        ref TxBatch batch = ref _tx[port];
        int count = batch.Count;
        ReadOnlySpan<PacketBuffer> pending = batch.Slots[..count];
        int sent = _ports[port].TransmitBurst(pending);
        if (sent < count)
        {
            _cache.FreeBurst(pending[sent..]);
            _counters.TxFull += count - sent;
        }
        _counters.TxPackets += sent;
        long bytes = 0;
        for (int i = 0; i < sent; i++)
            bytes += pending[i].Length;
        _portStats[PortStatsPad + port * 4 + 2] += sent;
        _portStats[PortStatsPad + port * 4 + 3] += bytes;
        batch.Count = 0;
        batch.Sent = true;
    }

    private bool AllPortsExhausted()
    {
        TPort[] ports = _ports;
        for (int p = 0; p < ports.Length; p++)
        {
            if (!ports[p].IsExhausted)
                return false;
        }
        return true;
    }

    // Like Knot's XDP loop and l3fwd-power: after a run of empty polls, wait on the port when it can
    // wake us, else yield once and then sleep 1, 2, 4… ms up to the cap, so an idle core costs little.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Backoff()
    {
        _counters.Sleeps++;
        if (_wait is not null)
        {
            _wait(ref _ports[0], _maxSleepMilliseconds);
            return;
        }
        if (_sleepMilliseconds == 0)
        {
            Thread.Sleep(0);
            _sleepMilliseconds = 1;
            return;
        }
        Thread.Sleep(_sleepMilliseconds);
        _sleepMilliseconds = Math.Min(_sleepMilliseconds * 2, _maxSleepMilliseconds);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Fault(PacketBuffer buffer, Exception e)
    {
        _cache.Free(buffer);
        _counters.ActionFaults++;
        LastFault = e;
    }

    private void Shutdown(bool clean)
    {
        if (clean)
        {
            DrainAll();
        }
        else
        {
            // The loop died (a port threw): free what is batched without touching the ports again.
            for (int p = 0; p < _tx.Length; p++)
            {
                ref TxBatch batch = ref _tx[p];
                _cache.FreeBurst(batch.Slots[..batch.Count]);
                _counters.TxFull += batch.Count;
                batch.Count = 0;
            }
        }
        _cache.Flush();
    }

    private static bool WaitOn<TWaitable>(ref TWaitable port, int timeoutMilliseconds)
        where TWaitable : struct, IPort, IWaitablePort => port.WaitForPackets(timeoutMilliseconds);

    // The pending transmits of one port; two bursts of room (see Dispatch).
    private struct TxBatch
    {
        public TxSlots Slots;
        public int Count;
        public bool Sent; // something went to the port since its last Flush
    }

    [InlineArray(2 * Burst.MaxSize)]
    private struct TxSlots
    {
        private PacketBuffer _first;
    }
}
