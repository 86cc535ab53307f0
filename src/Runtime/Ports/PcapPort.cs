namespace Fastpath;

/// <summary>A port over capture files: receives the records of an input pcap/pcapng, transmits into an output pcap or into nothing.</summary>
/// <remarks>
/// Named <c>pcap:in.pcap[,out.pcap]</c>. Received buffers carry the record's timestamp and this
/// port's id. The output keeps the input's link type and timestamp resolution. Without an output
/// file, transmit frees the buffers and counts them, like DPDK's pcap PMD with no <c>tx_pcap</c>.
/// <see cref="IsExhausted"/> turns true once a receive has met the end of the input, so a loop
/// of receive and transmit until exhausted ends with one empty burst.
/// </remarks>
public struct PcapPort : IPort, IDisposable
{
    private readonly PcapReader _reader;
    private readonly PcapWriter? _writer;
    private readonly BufferCache _cache;
    private readonly ushort _portId;

    /// <summary>Create a port receiving from <paramref name="reader"/> into buffers from <paramref name="cache"/> and transmitting into <paramref name="writer"/> when set.</summary>
    public PcapPort(PcapReader reader, PcapWriter? writer, BufferCache cache, ushort portId = 0)
    {
        _reader = reader;
        _writer = writer;
        _cache = cache;
        _portId = portId;
        Counters = new PcapPortCounters();
    }

    /// <summary>Open the files named by a <c>pcap:in.pcap[,out.pcap]</c> spec; throws, naming the file, when the input is missing or not a capture.</summary>
    public static PcapPort Open(PortSpec spec, BufferCache cache, ushort portId = 0)
    {
        if (spec.Kind != "pcap")
            throw new ArgumentException($"port '{spec}' is not a pcap port", nameof(spec));
        string[] files = spec.Arguments.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (files.Length is < 1 or > 2)
            throw new ArgumentException($"port '{spec}': expected pcap:in.pcap or pcap:in.pcap,out.pcap", nameof(spec));
        string input = files[0];
        if (!File.Exists(input))
            throw new FileNotFoundException($"port '{spec}': input capture '{input}' not found", input);
        var reader = new PcapReader(input);
        PcapWriter? writer = null;
        try
        {
            if (files.Length == 2)
                writer = new PcapWriter(files[1], reader.NanosecondTimestamps, reader.LinkType);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
        return new PcapPort(reader, writer, cache, portId);
    }

    /// <summary>Return the input reader (for its warning and counts).</summary>
    public readonly PcapReader Reader => _reader;

    /// <summary>Return the output writer, or null when transmit discards.</summary>
    public readonly PcapWriter? Writer => _writer;

    /// <summary>Return the port's counters.</summary>
    public PcapPortCounters Counters { get; }

    /// <inheritdoc/>
    public readonly bool IsExhausted => _reader.EndOfFile;

    /// <inheritdoc/>
    public readonly int ReceiveBurst(Span<PacketBuffer> buffers)
    {
        int n = 0;
        // Take the buffer before reading, so a pool that runs dry leaves the record in the file for the next burst.
        while (n < buffers.Length && _cache.TryAlloc(out PacketBuffer b))
        {
            if (!_reader.TryReadInto(b, out _))
            {
                _cache.Free(b);
                break;
            }
            b.Port = _portId;
            buffers[n++] = b;
        }
        Counters.RxPackets += n;
        Counters.Oversized = _reader.Oversized;
        return n;
    }

    /// <inheritdoc/>
    public readonly int TransmitBurst(ReadOnlySpan<PacketBuffer> buffers)
    {
        if (_writer is null)
        {
            Counters.TxDropped += buffers.Length;
        }
        else
        {
            foreach (PacketBuffer b in buffers)
                _writer.Write(b);
        }
        _cache.FreeBurst(buffers);
        Counters.TxPackets += buffers.Length;
        return buffers.Length;
    }

    /// <inheritdoc/>
    public readonly void Flush() => _writer?.Flush();

    /// <summary>Close the input and flush and close the output.</summary>
    public readonly void Dispose()
    {
        _reader.Dispose();
        _writer?.Dispose();
    }
}
