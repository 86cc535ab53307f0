using System.Buffers.Binary;

namespace Fastpath;

/// <summary>Writes packets to a classic pcap file (little-endian, microsecond or nanosecond timestamps), buffered, flushed on dispose.</summary>
/// <remarks>
/// Classic pcap rather than pcapng because every tool reads it and one interface is all a port
/// needs. Records are gathered in one buffer and written when it fills, so a packet costs a
/// memcpy and a system call is paid per buffer, not per packet.
/// </remarks>
public sealed class PcapWriter : IDisposable
{
    /// <summary>The default snap length, the largest <see cref="PcapReader"/> accepts.</summary>
    public const int DefaultSnapLength = PcapReader.MaxCaptureLength;

    private const int BufferSize = 64 * 1024;
    private const int RecordHeaderLength = 16;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _used;
    private bool _disposed;

    /// <summary>Create (or replace) the file at <paramref name="path"/> and write the pcap file header.</summary>
    public PcapWriter(string path, bool nanosecond = false, PcapLinkType linkType = PcapLinkType.Ethernet, int snapLength = DefaultSnapLength)
        : this(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0), nanosecond, linkType, snapLength, leaveOpen: false)
    {
    }

    /// <summary>Write a pcap to <paramref name="stream"/>, starting with the file header.</summary>
    public PcapWriter(Stream stream, bool nanosecond = false, PcapLinkType linkType = PcapLinkType.Ethernet, int snapLength = DefaultSnapLength, bool leaveOpen = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(snapLength, 1);
        _stream = stream;
        _leaveOpen = leaveOpen;
        NanosecondTimestamps = nanosecond;
        LinkType = linkType;
        SnapLength = snapLength;
        Span<byte> h = _buffer.AsSpan(0, 24);
        BinaryPrimitives.WriteUInt32LittleEndian(h, nanosecond ? 0xA1B23C4Du : 0xA1B2C3D4u);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], 2);   // version 2.4
        BinaryPrimitives.WriteUInt16LittleEndian(h[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(h[8..], 0);    // thiszone: timestamps are UTC
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], 0);  // sigfigs: always 0
        BinaryPrimitives.WriteInt32LittleEndian(h[16..], snapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], (uint)linkType);
        _used = 24;
    }

    /// <summary>Return whether timestamps are written in nanoseconds rather than microseconds.</summary>
    public bool NanosecondTimestamps { get; }

    /// <summary>Return the link type written in the file header.</summary>
    public PcapLinkType LinkType { get; }

    /// <summary>Return the snap length: longer frames are cut to it, keeping their original length.</summary>
    public int SnapLength { get; }

    /// <summary>Return how many packets were written.</summary>
    public long PacketsWritten { get; private set; }

    /// <summary>Append <paramref name="frame"/> captured at <paramref name="timestampNs"/> nanoseconds since the Unix epoch (truncated to microseconds in a microsecond file).</summary>
    public void Write(ReadOnlySpan<byte> frame, long timestampNs)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // The seconds field is 32 bits unsigned: 1970 to 2106.
        ArgumentOutOfRangeException.ThrowIfNegative(timestampNs);
        long seconds = timestampNs / 1_000_000_000L;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, uint.MaxValue, nameof(timestampNs));
        long fraction = timestampNs % 1_000_000_000L;
        if (!NanosecondTimestamps)
            fraction /= 1000;
        int captured = Math.Min(frame.Length, SnapLength);

        if (_used + RecordHeaderLength + captured > _buffer.Length)
            FlushBuffer();
        Span<byte> h = _buffer.AsSpan(_used, RecordHeaderLength);
        BinaryPrimitives.WriteUInt32LittleEndian(h, (uint)seconds);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], (uint)fraction);
        BinaryPrimitives.WriteInt32LittleEndian(h[8..], captured);
        BinaryPrimitives.WriteInt32LittleEndian(h[12..], frame.Length);
        _used += RecordHeaderLength;
        if (captured <= _buffer.Length - _used)
        {
            frame[..captured].CopyTo(_buffer.AsSpan(_used));
            _used += captured;
        }
        else
        {
            // Larger than the whole buffer: write the header, then the frame straight from the caller's memory.
            FlushBuffer();
            _stream.Write(frame[..captured]);
        }
        PacketsWritten++;
    }

    /// <summary>Append the packet in <paramref name="buffer"/> with its timestamp.</summary>
    public void Write(PacketBuffer buffer) => Write(buffer.Data, buffer.Timestamp);

    /// <summary>Write buffered records to the stream and flush it.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        FlushBuffer();
        _stream.Flush();
    }

    /// <summary>Flush and close the file (unless the stream was to be left open).</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        try
        {
            FlushBuffer();
            _stream.Flush();
        }
        finally
        {
            _disposed = true;
            if (!_leaveOpen)
                _stream.Dispose();
        }
    }

    private void FlushBuffer()
    {
        if (_used == 0)
            return;
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }
}
