using System.Buffers.Binary;

namespace Fastpath.Examples.Dns.Zones;

/// <summary>The fields of an SOA record's RDATA (RFC 1035 §3.3.13).</summary>
/// <param name="PrimaryServer">MNAME: the primary name server.</param>
/// <param name="Mailbox">RNAME: the responsible person's mailbox, as a name.</param>
/// <param name="Serial">The zone's version number.</param>
/// <param name="Refresh">Seconds between a secondary's checks of the serial.</param>
/// <param name="Retry">Seconds a secondary waits after a failed refresh.</param>
/// <param name="Expire">Seconds after which a secondary that cannot refresh stops answering.</param>
/// <param name="Minimum">The negative-caching TTL (RFC 2308 §4).</param>
public readonly record struct SoaRdata(DnsName PrimaryServer, DnsName Mailbox, uint Serial, uint Refresh, uint Retry, uint Expire, uint Minimum)
{
    /// <summary>Return the fields of <paramref name="soa"/>.</summary>
    /// <exception cref="ArgumentException">The record is not a well-formed SOA record.</exception>
    public static SoaRdata From(ResourceRecord soa)
    {
        ArgumentNullException.ThrowIfNull(soa);
        if (soa.Type != RecordType.SOA || soa.Rdata.Count != 3 || soa.Rdata[0].Name is not { } mname || soa.Rdata[1].Name is not { } rname || soa.Rdata[2].Length != 20)
            throw new ArgumentException($"{soa} is not a well-formed SOA record", nameof(soa));
        ReadOnlySpan<byte> numbers = soa.Rdata[2].Bytes;
        return new SoaRdata(
            mname,
            rname,
            BinaryPrimitives.ReadUInt32BigEndian(numbers),
            BinaryPrimitives.ReadUInt32BigEndian(numbers[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(numbers[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(numbers[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(numbers[16..]));
    }
}
