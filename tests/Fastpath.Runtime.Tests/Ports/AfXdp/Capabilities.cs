using System.Runtime.InteropServices;

namespace Fastpath.Tests.Ports.AfXdp;

/// <summary>Runs code on a thread whose effective capabilities are dropped: what a process that is not root has.</summary>
/// <remarks>
/// Capabilities are per thread in Linux (capset(2) acts on the caller only), so one thread can be
/// made unprivileged while the test process stays root. Only the effective set is cleared, and it is
/// restored before the thread ends; the code run there starts no threads that could inherit it.
/// </remarks>
internal static unsafe partial class Capabilities
{
    private const uint Version3 = 0x20080522;

    /// <summary>Run <paramref name="action"/> without effective capabilities and return what it threw, or null.</summary>
    public static Exception? RunUnprivileged(string netns, Action action) => Netns.Run(netns, () =>
    {
        var header = new Header { Version = Version3 };
        Data* saved = stackalloc Data[2];
        if (CapGet(&header, saved) != 0)
            throw new InvalidOperationException($"capget failed: errno {Marshal.GetLastPInvokeError()}");
        Data* dropped = stackalloc Data[2];
        dropped[0] = saved[0] with { Effective = 0 };
        dropped[1] = saved[1] with { Effective = 0 };
        if (CapSet(&header, dropped) != 0)
            throw new InvalidOperationException($"capset failed: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
        finally
        {
            CapSet(&header, saved);
        }
    });

    [StructLayout(LayoutKind.Sequential)]
    private struct Header
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Data
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    [LibraryImport("libc", EntryPoint = "capget", SetLastError = true)]
    private static partial int CapGet(Header* header, Data* data);

    [LibraryImport("libc", EntryPoint = "capset", SetLastError = true)]
    private static partial int CapSet(Header* header, Data* data);
}
