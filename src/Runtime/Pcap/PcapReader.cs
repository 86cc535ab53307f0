using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Fastpath;

/// <summary>Reads packets from a classic pcap or a pcapng capture, one record at a time, through one reused buffer.</summary>
/// <remarks>
/// <para>
/// Classic pcap: both byte orders, microsecond (magic <c>a1b2c3d4</c>) and nanosecond
/// (<c>a1b23c4d</c>) timestamps. pcapng: Section Header, Interface Description (with
/// <c>if_tsresol</c> and <c>if_tsoffset</c>), Enhanced, Simple and the obsolete Packet Block, in
/// any number of sections of either byte order; any other block is skipped by its length.
/// </para>
/// <para>
/// The file is read in chunks into one buffer and a record is handed out as a slice of it, so
/// reading allocates nothing per record (the buffer grows once if a record is larger than it).
/// A corrupt header throws <see cref="PcapFormatException"/>; a file that ends mid-record ends
/// the reading quietly, keeps what came before and says so in <see cref="Warning"/>, because a
/// capture cut off by a full disk or a killed tcpdump is common and its packets are still good.
/// </para>
/// </remarks>
public sealed class PcapReader : IDisposable
{
    /// <summary>The largest captured length accepted, Wireshark's and tcpdump's limit for ordinary link types.</summary>
    public const int MaxCaptureLength = 262144;

    // The largest block buffered whole: a packet of the largest length plus room for the block's options.
    private const int MaxBufferedBlockLength = MaxCaptureLength + 65536;

    // Blocks skipped unread can be larger (name resolution, decryption secrets) but past this the length is surely corrupt (Wireshark's limit too).
    private const int MaxSkippedBlockLength = 16 * 1024 * 1024;

    private const int DefaultBufferSize = 64 * 1024;
    private const int ClassicHeaderLength = 24;
    private const int ClassicRecordHeaderLength = 16;

    private const uint MagicMicroseconds = 0xA1B2C3D4;
    private const uint MagicNanoseconds = 0xA1B23C4D;
    private const uint MagicMicrosecondsSwapped = 0xD4C3B2A1;
    private const uint MagicNanosecondsSwapped = 0x4D3CB2A1;
    private const uint MagicModified = 0xA1B2CD34;
    private const uint SectionHeaderBlock = 0x0A0D0D0A;
    private const uint ByteOrderMagic = 0x1A2B3C4D;
    private const uint InterfaceDescriptionBlock = 1;
    private const uint ObsoletePacketBlock = 2;
    private const uint SimplePacketBlock = 3;
    private const uint EnhancedPacketBlock = 6;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private byte[] _buffer = new byte[DefaultBufferSize];
    private int _start;            // first unread byte in _buffer
    private int _end;              // end of the bytes read into _buffer
    private long _bufferOffset;    // file offset of _buffer[0]
    private bool _streamEnded;
    private bool _endOfFile;
    private bool _bigEndian;       // of the file, or of the current pcapng section
    private long _fractionToNs;    // classic pcap: 1000 for microsecond files, 1 for nanosecond files
    private readonly List<Interface> _interfaces = [];
    private int _sectionFirstInterface;

    /// <summary>Open the capture at <paramref name="path"/> and read its file header.</summary>
    public PcapReader(string path)
        : this(OpenFile(path), path, leaveOpen: false)
    {
    }

    /// <summary>Read a capture from <paramref name="stream"/>, called <paramref name="name"/> in messages, and read its file header.</summary>
    public PcapReader(Stream stream, string name, bool leaveOpen = false)
    {
        _stream = stream;
        Name = name;
        _leaveOpen = leaveOpen;
        try
        {
            ReadFileHeader();
        }
        catch
        {
            if (!leaveOpen)
                stream.Dispose();
            throw;
        }
    }

    /// <summary>Return the file name used in messages.</summary>
    public string Name { get; }

    /// <summary>Return whether the file is pcapng rather than classic pcap.</summary>
    public bool IsPcapNg { get; private set; }

    /// <summary>Return whether the file header (or the first pcapng section) is big-endian.</summary>
    public bool IsBigEndian { get; private set; }

    /// <summary>Return the link type of the file, or of the first pcapng interface (<see cref="PcapLinkType.Null"/> when there is none).</summary>
    public PcapLinkType LinkType { get; private set; }

    /// <summary>Return the snap length of the file, or of the first pcapng interface (0 when there is none or it sets no limit).</summary>
    public int SnapLength { get; private set; }

    /// <summary>Return whether timestamps are finer than microseconds (classic: the nanosecond magic; pcapng: the first interface's <c>if_tsresol</c>).</summary>
    public bool NanosecondTimestamps { get; private set; }

    /// <summary>Return how many pcapng interfaces were described so far (1 for classic pcap).</summary>
    public int InterfaceCount => IsPcapNg ? _interfaces.Count : 1;

    /// <summary>Return how many records were read.</summary>
    public long RecordsRead { get; private set; }

    /// <summary>Return how many records <see cref="TryReadInto"/> skipped because they did not fit a buffer.</summary>
    public long Oversized { get; private set; }

    /// <summary>Return whether the end of the file was reached.</summary>
    public bool EndOfFile => _endOfFile;

    /// <summary>Return the byte offset of a last record cut short by the end of the file, or -1.</summary>
    public long TruncatedRecordOffset { get; private set; } = -1;

    /// <summary>Return a message about a truncated last record, or null.</summary>
    public string? Warning { get; private set; }

    /// <summary>Read every frame of the capture at <paramref name="path"/> into its own array (load time, for <c>memory:frames=capture.pcap</c>).</summary>
    public static List<byte[]> ReadAllFrames(string path)
    {
        using var reader = new PcapReader(path);
        var frames = new List<byte[]>();
        while (reader.TryReadNext(out PcapRecord record))
            frames.Add(record.Data.ToArray());
        return frames;
    }

    /// <summary>Read the next packet; false at the end of the file. The record's bytes are valid until the next call.</summary>
    public bool TryReadNext(out PcapRecord record)
    {
        if (_endOfFile)
        {
            record = default;
            return false;
        }
        return IsPcapNg ? ReadBlocks(out record, headerOnly: false) : ReadClassicRecord(out record);
    }

    /// <summary>Copy the next packet that fits into <paramref name="buffer"/> and set its timestamp; false at the end of the file. Packets that do not fit are counted in <see cref="Oversized"/> and skipped.</summary>
    public bool TryReadInto(PacketBuffer buffer, out long timestampNs)
    {
        while (TryReadNext(out PcapRecord record))
        {
            if (buffer.TryCopyFrom(record.Data))
            {
                buffer.Timestamp = record.TimestampNs;
                timestampNs = record.TimestampNs;
                return true;
            }
            // The same buffer is offered to the next record: one too large here would be too large in any buffer of the pool.
            Oversized++;
        }
        timestampNs = 0;
        return false;
    }

    /// <summary>Close the file (unless the stream was to be left open).</summary>
    public void Dispose()
    {
        if (!_leaveOpen)
            _stream.Dispose();
    }

    private static FileStream OpenFile(string path) =>
        // No FileStream buffer: this class buffers, and a second copy would cost a memcpy per record.
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);

    private long Position => _bufferOffset + _start;

    private void ReadFileHeader()
    {
        if (!Ensure(4))
        {
            if (_end == _start)
                throw Format(0, "empty file: no pcap or pcapng header");
            throw Format(0, $"file header truncated: {_end - _start} of {ClassicHeaderLength} bytes");
        }
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_start));
        if (magic == SectionHeaderBlock)
        {
            ReadFirstSection();
            return;
        }
        switch (magic)
        {
            case MagicMicroseconds:
            case MagicNanoseconds:
                _bigEndian = false;
                break;
            case MagicMicrosecondsSwapped:
            case MagicNanosecondsSwapped:
                _bigEndian = true;
                magic = BinaryPrimitives.ReverseEndianness(magic);
                break;
            case MagicModified:
                throw Format(0, "modified (Kuznetzov) pcap is not supported; convert it with editcap -F pcap");
            default:
                throw Format(0, $"unknown magic 0x{magic:x8}: not a pcap or pcapng file");
        }
        if (!Ensure(ClassicHeaderLength))
            throw Format(0, $"file header truncated: {_end - _start} of {ClassicHeaderLength} bytes");
        int major = U16(4);
        int minor = U16(6);
        if (major != 2)
            throw Format(0, $"pcap version {major}.{minor} is not supported (expected 2.x)");
        IsBigEndian = _bigEndian;
        NanosecondTimestamps = magic == MagicNanoseconds;
        _fractionToNs = NanosecondTimestamps ? 1 : 1000;
        SnapLength = (int)Math.Min(U32(16), int.MaxValue);
        // The upper bits of the field carry FCS information, not the link type.
        LinkType = (PcapLinkType)(U32(20) & 0xFFFF);
        _start += ClassicHeaderLength;
    }

    private void ReadFirstSection()
    {
        IsPcapNg = true;
        // A cut-off first section header is a bad file header, not a truncated record.
        if (!Ensure(12))
            throw Format(0, $"section header block truncated: {_end - _start} of at least 28 bytes");
        SetSectionByteOrder(0);
        uint length = U32(4);
        if (length < 28 || length > MaxBufferedBlockLength)
            throw Format(0, $"section header block length {length} is outside 28..{MaxBufferedBlockLength}");
        if (!Ensure((int)length))
            throw Format(0, $"section header block truncated: {_end - _start} of {length} bytes");
        IsBigEndian = _bigEndian;
        // Read up to the first interface description, so the link type is known before the first packet.
        ReadBlocks(out _, headerOnly: true);
        if (_interfaces.Count > 0)
        {
            Interface first = _interfaces[0];
            LinkType = first.LinkType;
            SnapLength = (int)Math.Min(first.SnapLength, int.MaxValue);
            NanosecondTimestamps = first.FinerThanMicroseconds;
        }
    }

    private bool ReadClassicRecord(out PcapRecord record)
    {
        long offset = Position;
        if (!Ensure(ClassicRecordHeaderLength))
            return EndOrTruncated(offset, ClassicRecordHeaderLength, atLeast: true, out record);
        uint seconds = U32(0);
        uint fraction = U32(4);
        uint captured = U32(8);
        uint original = U32(12);
        if (captured > MaxCaptureLength)
            throw Format(offset, $"record length {captured} exceeds {MaxCaptureLength}");
        int total = ClassicRecordHeaderLength + (int)captured;
        if (!Ensure(total))
            return EndOrTruncated(offset, total, atLeast: false, out record);
        long timestamp = seconds * 1_000_000_000L + fraction * _fractionToNs;
        record = new PcapRecord(
            new ReadOnlyMemory<byte>(_buffer, _start + ClassicRecordHeaderLength, (int)captured),
            (int)Math.Min(original, int.MaxValue), timestamp, 0, LinkType, offset);
        _start += total;
        RecordsRead++;
        return true;
    }

    // Read pcapng blocks until a packet (true), the end of the file (false) or, with headerOnly, the first interface description or packet block (false, nothing of it consumed).
    private bool ReadBlocks(out PcapRecord record, bool headerOnly)
    {
        while (true)
        {
            long offset = Position;
            // 12 bytes: the smallest block, type + length + trailing length.
            if (!Ensure(12))
                return EndOrTruncated(offset, 12, atLeast: true, out record);
            uint type = U32(0);
            if (headerOnly && (_interfaces.Count > 0 || type is EnhancedPacketBlock or SimplePacketBlock or ObsoletePacketBlock))
            {
                record = default;
                return false;
            }
            if (type == SectionHeaderBlock)
                SetSectionByteOrder(offset);
            uint length = U32(4);
            if (length < 12 || (length & 3) != 0)
                throw Format(offset, $"block length {length} is not a multiple of 4 of at least 12 (block type 0x{type:x8})");

            if (type is not (SectionHeaderBlock or InterfaceDescriptionBlock or EnhancedPacketBlock or SimplePacketBlock or ObsoletePacketBlock))
            {
                if (length > MaxSkippedBlockLength)
                    throw Format(offset, $"block length {length} exceeds {MaxSkippedBlockLength} (block type 0x{type:x8})");
                // Unknown to this reader (statistics, name resolution, custom): step over it, checking the trailing length still agrees.
                _start += 8;
                if (!Skip(length - 12) || !Ensure(4))
                    return EndOrTruncated(offset, (int)length, atLeast: false, out record);
                uint trailer = U32(0);
                if (trailer != length)
                    throw Format(offset, $"block length {length} at the start but {trailer} at the end");
                _start += 4;
                continue;
            }

            if (length > MaxBufferedBlockLength)
                throw Format(offset, $"block length {length} exceeds {MaxBufferedBlockLength} (block type 0x{type:x8})");
            if (!Ensure((int)length))
                return EndOrTruncated(offset, (int)length, atLeast: false, out record);
            uint trailing = U32((int)length - 4);
            if (trailing != length)
                throw Format(offset, $"block length {length} at the start but {trailing} at the end");

            switch (type)
            {
                case SectionHeaderBlock:
                    ReadSectionHeader(offset, (int)length);
                    break;
                case InterfaceDescriptionBlock:
                    ReadInterfaceDescription(offset, (int)length);
                    break;
                case EnhancedPacketBlock:
                case ObsoletePacketBlock:
                    ReadPacketBlock(offset, (int)length, type == ObsoletePacketBlock, out record);
                    return true;
                default:
                    ReadSimplePacketBlock(offset, (int)length, out record);
                    return true;
            }
            _start += (int)length;
        }
    }

    private void SetSectionByteOrder(long offset)
    {
        // The byte-order magic follows type and length; the type itself reads the same either way.
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_start + 8));
        if (magic == ByteOrderMagic)
            _bigEndian = false;
        else if (magic == BinaryPrimitives.ReverseEndianness(ByteOrderMagic))
            _bigEndian = true;
        else
            throw Format(offset, $"section header byte-order magic 0x{magic:x8} is neither 1a2b3c4d nor 4d3c2b1a");
    }

    private void ReadSectionHeader(long offset, int length)
    {
        if (length < 28)
            throw Format(offset, $"section header block length {length} is less than 28");
        int major = U16(12);
        int minor = U16(14);
        if (major != 1)
            throw Format(offset, $"pcapng version {major}.{minor} is not supported (expected 1.x)");
        // Interface numbers restart in every section.
        _sectionFirstInterface = _interfaces.Count;
    }

    private void ReadInterfaceDescription(long offset, int length)
    {
        if (length < 20)
            throw Format(offset, $"interface description block length {length} is less than 20");
        var linkType = (PcapLinkType)U16(8);
        uint snapLength = U32(12);
        byte resolution = 6; // no if_tsresol: microseconds
        long offsetSeconds = 0;
        int at = 16;
        int end = length - 4;
        while (at + 4 <= end)
        {
            int code = U16(at);
            int size = U16(at + 2);
            if (code == 0)
                break; // opt_endofopt
            if (at + 4 + size > end)
                throw Format(offset, $"interface option {code} of {size} bytes overruns the block at block byte {at}");
            if (code == 9 && size >= 1)
                resolution = _buffer[_start + at + 4];
            else if (code == 14 && size >= 8)
                offsetSeconds = (long)U64(at + 4);
            at += 4 + ((size + 3) & ~3);
        }
        if ((resolution & 0x80) == 0 && resolution > Interface.MaxDecimalExponent)
            throw Format(offset, $"if_tsresol 10^-{resolution} is finer than this reader supports (10^-{Interface.MaxDecimalExponent})");
        _interfaces.Add(new Interface(linkType, snapLength, resolution, offsetSeconds));
    }

    private void ReadPacketBlock(long offset, int length, bool obsolete, out PcapRecord record)
    {
        // Enhanced: interface (32 bits), timestamp high, low, captured, original, data. The obsolete Packet Block has a 16-bit interface and 16-bit drop count instead.
        if (length < 32)
            throw Format(offset, $"packet block length {length} is less than 32");
        int interfaceId = obsolete ? U16(8) : (int)Math.Min(U32(8), int.MaxValue);
        ulong units = (ulong)U32(12) << 32 | U32(16);
        uint captured = U32(20);
        uint original = U32(24);
        if (captured > MaxCaptureLength)
            throw Format(offset, $"record length {captured} exceeds {MaxCaptureLength}");
        if (28 + ((captured + 3) & ~3u) + 4 > (uint)length)
            throw Format(offset, $"captured length {captured} does not fit in block length {length}");
        Interface iface = SectionInterface(offset, interfaceId);
        record = new PcapRecord(
            new ReadOnlyMemory<byte>(_buffer, _start + 28, (int)captured),
            (int)Math.Min(original, int.MaxValue), iface.ToNanoseconds(units),
            _sectionFirstInterface + interfaceId, iface.LinkType, offset);
        _start += length;
        RecordsRead++;
    }

    private void ReadSimplePacketBlock(long offset, int length, out PcapRecord record)
    {
        if (length < 16)
            throw Format(offset, $"simple packet block length {length} is less than 16");
        Interface iface = SectionInterface(offset, 0);
        uint original = U32(8);
        // No captured length is stored: it is the original length cut to the snap length, and the padded data must fill the block.
        uint captured = Math.Min(original, (uint)length - 16);
        if (iface.SnapLength != 0)
            captured = Math.Min(captured, iface.SnapLength);
        if (captured > MaxCaptureLength)
            throw Format(offset, $"record length {captured} exceeds {MaxCaptureLength}");
        record = new PcapRecord(
            new ReadOnlyMemory<byte>(_buffer, _start + 12, (int)captured),
            (int)Math.Min(original, int.MaxValue), 0, _sectionFirstInterface, iface.LinkType, offset);
        _start += length;
        RecordsRead++;
    }

    private Interface SectionInterface(long offset, int interfaceId)
    {
        int described = _interfaces.Count - _sectionFirstInterface;
        if (interfaceId >= described)
            ThrowUndescribedInterface(offset, interfaceId, described);
        return _interfaces[_sectionFirstInterface + interfaceId];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowUndescribedInterface(long offset, int interfaceId, int described) =>
        throw Format(offset, $"packet on interface {interfaceId}, but this section describes {described} interface(s)");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool EndOrTruncated(long offset, int need, bool atLeast, out PcapRecord record)
    {
        record = default;
        _endOfFile = true;
        long have = _bufferOffset + _end - offset;
        if (have > 0)
        {
            TruncatedRecordOffset = offset;
            Warning = $"{Name}: byte {offset}: last record truncated: {have} of {(atLeast ? "at least " : "")}{need} bytes; {RecordsRead} records read";
            _start = _end;
        }
        return false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private PcapFormatException Format(long offset, string problem) => new(Name, offset, problem);

    // Make at least count unread bytes available from _start; false when the file ends first.
    private bool Ensure(int count) => _end - _start >= count || Fill(count);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Fill(int count)
    {
        int unread = _end - _start;
        if (count > _buffer.Length)
        {
            // A record larger than the buffer: grow once; later records of that size reuse it.
            var larger = new byte[Math.Max(count, _buffer.Length * 2)];
            _buffer.AsSpan(_start, unread).CopyTo(larger);
            _buffer = larger;
            Slide(unread);
        }
        else if (_start > 0 && (_start + count > _buffer.Length || _buffer.Length - _end < _buffer.Length / 2))
        {
            // Move the unread tail (less than one record) to the front, so the next read is a large one.
            _buffer.AsSpan(_start, unread).CopyTo(_buffer);
            Slide(unread);
        }
        while (_end - _start < count && !_streamEnded)
        {
            int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
                _streamEnded = true;
            _end += n;
        }
        return _end - _start >= count;
    }

    private void Slide(int unread)
    {
        _bufferOffset += _start;
        _start = 0;
        _end = unread;
    }

    // Consume count bytes without keeping them; false when the file ends first.
    private bool Skip(long count)
    {
        while (count > 0)
        {
            if (_end == _start && !Fill(1))
                return false;
            int step = (int)Math.Min(count, _end - _start);
            _start += step;
            count -= step;
        }
        return true;
    }

    private ushort U16(int at)
    {
        ReadOnlySpan<byte> s = _buffer.AsSpan(_start + at, 2);
        return _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);
    }

    private uint U32(int at)
    {
        ReadOnlySpan<byte> s = _buffer.AsSpan(_start + at, 4);
        return _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
    }

    private ulong U64(int at)
    {
        ReadOnlySpan<byte> s = _buffer.AsSpan(_start + at, 8);
        return _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s);
    }

    // One pcapng interface: its link type, snap length and how to turn its timestamp units into nanoseconds.
    private readonly struct Interface
    {
        // 10^-27 s units still convert with a 64-bit divisor (10^18).
        public const int MaxDecimalExponent = 27;

        private readonly long _multiplier;  // decimal units coarser than 1 ns
        private readonly long _divisor;     // decimal units finer than 1 ns
        private readonly int _shift;        // binary units: 2^-shift seconds; -1 for decimal
        private readonly long _offsetNs;    // if_tsoffset

        public Interface(PcapLinkType linkType, uint snapLength, byte resolution, long offsetSeconds)
        {
            LinkType = linkType;
            SnapLength = snapLength;
            _offsetNs = unchecked(offsetSeconds * 1_000_000_000L);
            _multiplier = 1;
            _divisor = 1;
            if ((resolution & 0x80) != 0)
            {
                _shift = resolution & 0x7F;
                FinerThanMicroseconds = _shift >= 20; // 2^20 > 10^6
            }
            else
            {
                _shift = -1;
                if (resolution <= 9)
                    _multiplier = Pow10(9 - resolution);
                else
                    _divisor = Pow10(resolution - 9);
                FinerThanMicroseconds = resolution > 6;
            }
        }

        public PcapLinkType LinkType { get; }

        public uint SnapLength { get; }

        public bool FinerThanMicroseconds { get; }

        public long ToNanoseconds(ulong units)
        {
            if (_shift >= 0)
                return (long)(ulong)(((UInt128)units * 1_000_000_000UL) >> _shift) + _offsetNs;
            return unchecked((long)(units / (ulong)_divisor) * _multiplier) + _offsetNs;
        }

        private static long Pow10(int exponent)
        {
            long value = 1;
            for (int i = 0; i < exponent; i++)
                value *= 10;
            return value;
        }
    }
}
