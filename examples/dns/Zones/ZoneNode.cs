using System.Diagnostics.CodeAnalysis;

namespace Fastpath.Examples.Dns.Zones;

/// <summary>A name in a zone that owns records, with its RRsets in the order their types first appear in the file.</summary>
public sealed class ZoneNode
{
    /// <summary>Create a node owning <paramref name="rrsets"/>, which must all have owner <paramref name="name"/> and distinct types.</summary>
    public ZoneNode(DnsName name, IReadOnlyList<RRset> rrsets)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(rrsets);
        Name = name;
        RRsets = [.. rrsets];
        foreach (RRset set in RRsets)
        {
            if (!set.Owner.Equals(name))
                throw new ArgumentException($"the RRset {set} is not owned by {name}", nameof(rrsets));
        }
    }

    /// <summary>Return the owner name, spelled as its first record in the file spells it.</summary>
    public DnsName Name { get; }

    /// <summary>Return the RRsets, in the order their types first appear in the file.</summary>
    public IReadOnlyList<RRset> RRsets { get; }

    /// <summary>Return the RRset of <paramref name="type"/> at this name, if there is one.</summary>
    public bool TryGetRRset(RecordType type, [NotNullWhen(true)] out RRset? rrset)
    {
        foreach (RRset set in RRsets)
        {
            if (set.Type == type)
            {
                rrset = set;
                return true;
            }
        }
        rrset = null;
        return false;
    }

    /// <summary>Return the name and its types.</summary>
    public override string ToString() => $"{Name} {string.Join(' ', RRsets.Select(s => Mnemonics.ToText(s.Type)))}";
}
