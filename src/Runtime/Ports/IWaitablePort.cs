namespace Fastpath;

/// <summary>A port that can put an idle worker to sleep until traffic arrives (AF_XDP and AF_PACKET through <c>poll()</c>), instead of the worker sleeping blind.</summary>
/// <remarks>
/// Optional: a worker checks <c>typeof(TPort)</c> for it once, when it is built, and calls it only
/// after a run of empty polls, never per packet. <see cref="IPort"/> stays as it is so that ports
/// without a wakeup need nothing.
/// </remarks>
public interface IWaitablePort
{
    /// <summary>Block for up to <paramref name="timeoutMilliseconds"/> until the port may have packets; return whether it may.</summary>
    bool WaitForPackets(int timeoutMilliseconds);
}
