namespace Fastpath.Generator.Model
{
    /// <summary>How a transition matches its field.</summary>
    internal enum TransitionKind
    {
        Exact,
        Masked,
        Range,
    }

    /// <summary>One edge of the parse graph. <paramref name="Next"/> is a state index, or <see cref="Accept"/>/<see cref="Reject"/>.</summary>
    internal sealed record TransitionModel(TransitionKind Kind, ulong Value, ulong Mask, ulong High, int Next)
    {
        public const int Accept = -1;
        public const int Reject = -2;
    }
}
