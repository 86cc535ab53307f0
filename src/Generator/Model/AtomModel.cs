namespace Fastpath.Generator.Model
{
    /// <summary>What a condition atom tests.</summary>
    internal enum AtomKind
    {
        /// <summary>A header is present.</summary>
        Valid,
        /// <summary>A field compared with a constant.</summary>
        Compare,
        /// <summary>A field, masked, equal to a constant.</summary>
        Masked,
        /// <summary>A condition the generator cannot see into: the rule's method is called.</summary>
        Opaque,
    }

    /// <summary>A comparison operator, field on the left.</summary>
    internal enum CompareOp
    {
        Eq,
        Ne,
        Lt,
        Le,
        Gt,
        Ge,
    }

    /// <summary>One test of a rule condition in its normal form.</summary>
    /// <param name="Subject">The header (Valid), the field's read as a ulong expression over <c>p</c> (Compare, Masked), or the method call (Opaque).</param>
    /// <param name="Negated">For Valid, Masked and Opaque: the test is negated (Compare folds negation into its operator).</param>
    internal sealed record AtomModel(AtomKind Kind, string Subject, CompareOp Op, ulong Value, ulong Mask, bool Negated)
    {
        public AtomModel Negate() => Kind == AtomKind.Compare
            ? this with
            {
                Op = Op switch
                {
                    CompareOp.Eq => CompareOp.Ne,
                    CompareOp.Ne => CompareOp.Eq,
                    CompareOp.Lt => CompareOp.Ge,
                    CompareOp.Le => CompareOp.Gt,
                    CompareOp.Gt => CompareOp.Le,
                    _ => CompareOp.Lt,
                },
            }
            : this with { Negated = !Negated };
    }
}
