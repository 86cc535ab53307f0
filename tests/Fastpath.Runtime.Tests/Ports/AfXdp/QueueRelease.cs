namespace Fastpath.Tests.Ports.AfXdp;

/// <summary>Opens a port in a test after the previous test's socket on the same queue has been let go by the kernel.</summary>
/// <remarks>
/// The kernel releases a closed AF_XDP socket's queue from a work item (xp_release_deferred); the port
/// waits up to 3 s for it, but on a two-core CI machine running two test assemblies at once that work
/// item has been seen to wait longer. These tests reuse one veth pair, so they wait up to 20 s: a queue
/// still busy after that is a leaked socket, and the test fails as it should.
/// </remarks>
internal static class QueueRelease
{
    public static AfXdpPort Open(Func<AfXdpPort> open, bool waitForQueue)
    {
        DateTime until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                return open();
            }
            catch (AfXdpException e) when (waitForQueue && e.Reason == AfXdpFailure.SocketFailed
                && e.Message.Contains("another AF_XDP socket is bound", StringComparison.Ordinal) && DateTime.UtcNow < until)
            {
                Thread.Sleep(100);
            }
        }
    }
}
