namespace Fastpath;

/// <summary>Facts about <see cref="DropReason"/>: how many there are and their short names.</summary>
public static class DropReasons
{
    /// <summary>The number of drop reasons, so counter arrays can be sized by it (read from the enum, so it never drifts).</summary>
    public static readonly int Count = Enum.GetValues<DropReason>().Length;

    /// <summary>Return the short name of <paramref name="reason"/>, as the stats line and the <c>reason</c> metric tag spell it.</summary>
    public static string Name(DropReason reason) => reason switch
    {
        DropReason.ParseError => "parse",
        DropReason.RuleDrop => "rule",
        DropReason.NoMatch => "no-match",
        DropReason.MeterRed => "meter-red",
        DropReason.TxFull => "tx-full",
        DropReason.NoBuffer => "no-buffer",
        DropReason.SlowPathFull => "slow-full",
        DropReason.BadPort => "bad-port",
        DropReason.ActionFault => "action-fault",
        _ => reason.ToString(),
    };
}
