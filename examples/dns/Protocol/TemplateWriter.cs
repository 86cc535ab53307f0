using System.Buffers.Binary;
using Fastpath.Examples.Dns.Zones;

namespace Fastpath.Examples.Dns.Protocol;

/// <summary>Writes the sections of a <see cref="ReplyTemplate"/> with name compression, as if the question held a reference name (control plane: it allocates freely).</summary>
/// <remarks>
/// Every suffix of every name written is remembered (case-folded) with its offset in the reply, the
/// reference name's at offset 12, so later names point at the longest suffix seen (RFC 1035 §4.1.4).
/// Each pointer's place is recorded so that <see cref="ReplyTemplate.WriteTo"/> can shift it.
/// </remarks>
internal sealed class TemplateWriter
{
    private const int MaxPointer = 0x3FFF;
    private readonly DnsName _reference;
    private readonly int _bodyStart;
    private readonly List<byte> _body = [];
    private readonly Dictionary<string, int> _suffixes = new(StringComparer.Ordinal);
    private readonly List<ushort> _shifted = [];
    private readonly List<IReadOnlyList<ResourceRecord>> _pendingAdditional = [];
    private ushort _answers, _authorities, _additionals;

    /// <summary>Start a template whose question holds <paramref name="reference"/>.</summary>
    public TemplateWriter(DnsName reference)
    {
        _reference = reference;
        _bodyStart = DnsConstants.HeaderLength + reference.Length + 4;
        Remember(reference.FoldedWire, DnsConstants.HeaderLength);
    }

    /// <summary>Return the RRsets written so far, to avoid writing one twice.</summary>
    public HashSet<(DnsName Owner, RecordType Type)> Written { get; } = [];

    /// <summary>Add an RRset to the answer section, owned by <paramref name="owner"/> or, when null, by the question's name (a wildcard's synthesis).</summary>
    public void Answer(DnsName? owner, IReadOnlyList<ResourceRecord> rrset)
    {
        Write(owner, rrset);
        _answers += (ushort)rrset.Count;
    }

    /// <summary>Add an RRset to the authority section.</summary>
    public void Authority(IReadOnlyList<ResourceRecord> rrset)
    {
        Write(rrset[0].Owner, rrset);
        _authorities += (ushort)rrset.Count;
    }

    /// <summary>Add an RRset to the additional section unless it is already in the reply; it is written after the other sections, whenever this is called.</summary>
    public void Additional(IReadOnlyList<ResourceRecord> rrset)
    {
        if (!Written.Add((rrset[0].Owner, rrset[0].Type)))
            return;
        _pendingAdditional.Add(rrset);
    }

    /// <summary>Finish the template: the additional section goes last, as the message format requires.</summary>
    public ReplyTemplate Build(byte rcode, bool authoritative)
    {
        foreach (IReadOnlyList<ResourceRecord> rrset in _pendingAdditional)
        {
            Write(rrset[0].Owner, rrset);
            _additionals += (ushort)rrset.Count;
        }
        _pendingAdditional.Clear();
        return new([.. _body], _reference.Length, [.. _shifted], _answers, _authorities, _additionals, rcode, authoritative);
    }

    private void Write(DnsName? owner, IReadOnlyList<ResourceRecord> rrset)
    {
        if (owner is not null)
            Written.Add((owner, rrset[0].Type));
        Span<byte> fixedPart = stackalloc byte[10];
        foreach (ResourceRecord record in rrset)
        {
            if (owner is null)
            {
                // The owner is whatever the question asked: a pointer to offset 12, which never moves (so it is not in the shifted list).
                _body.Add(0xC0);
                _body.Add(DnsConstants.HeaderLength);
            }
            else
            {
                WriteName(owner, compress: true);
            }
            BinaryPrimitives.WriteUInt16BigEndian(fixedPart, (ushort)record.Type);
            BinaryPrimitives.WriteUInt16BigEndian(fixedPart[2..], (ushort)record.Class);
            BinaryPrimitives.WriteUInt32BigEndian(fixedPart[4..], record.Ttl);
            _body.AddRange(fixedPart[..8]);
            int lengthAt = _body.Count;
            _body.Add(0);
            _body.Add(0);
            foreach (RdataPart part in record.Rdata)
            {
                if (part.IsName)
                    WriteName(part.Name!, part.Compressible);
                else
                    _body.AddRange(part.Bytes);
            }
            int rdLength = _body.Count - lengthAt - 2;
            _body[lengthAt] = (byte)(rdLength >> 8);
            _body[lengthAt + 1] = (byte)rdLength;
        }
    }

    private void WriteName(DnsName name, bool compress)
    {
        ReadOnlySpan<byte> wire = name.Wire;
        ReadOnlySpan<byte> folded = name.FoldedWire;
        int at = 0;
        while (wire[at] != 0)
        {
            if (compress && _suffixes.TryGetValue(Key(folded[at..]), out int target))
            {
                _shifted.Add((ushort)_body.Count);
                _body.Add((byte)(0xC0 | target >> 8));
                _body.Add((byte)target);
                return;
            }
            if (_bodyStart + _body.Count <= MaxPointer)
                _suffixes.TryAdd(Key(folded[at..]), _bodyStart + _body.Count);
            int label = wire[at];
            for (int i = 0; i <= label; i++)
                _body.Add(wire[at + i]);
            at += label + 1;
        }
        _body.Add(0);
    }

    private void Remember(ReadOnlySpan<byte> folded, int offset)
    {
        for (int at = 0; folded[at] != 0 && offset + at <= MaxPointer; at += folded[at] + 1)
            _suffixes.TryAdd(Key(folded[at..]), offset + at);
    }

    private static string Key(ReadOnlySpan<byte> folded) => Convert.ToHexString(folded);
}
