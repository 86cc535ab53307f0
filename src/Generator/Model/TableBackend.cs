namespace Fastpath.Generator.Model
{
    /// <summary>Which runtime table holds a [Table]'s entries, chosen from its key fields.</summary>
    internal enum TableBackend
    {
        /// <summary>One LPM key on an IPv4 address: DIR-24-8.</summary>
        Lpm4,

        /// <summary>One LPM key on an IPv6 address: the multibit trie.</summary>
        Lpm6,

        /// <summary>Every key exact: an open-addressing hash on the key struct.</summary>
        Exact,

        /// <summary>Anything else: tuple space search over up to 128 key bits.</summary>
        Ternary,
    }
}
