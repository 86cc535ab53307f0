using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace Fastpath.Tests.Support;

/// <summary>Runs code on a fresh OS thread whose per-thread kernel state differs from the test's: another network namespace, or no capabilities.</summary>
/// <remarks>
/// Linux keeps the network namespace and the capability sets per thread, so one thread can change
/// them (setns(2), capset(2)) and leave the test runner's other threads alone; the thread ends
/// after the call. A socket stays in the namespace it was created in, whichever thread uses it
/// later, so a port opened here can be driven from the test thread. That keeps a namespace test
/// in one process, with its counters and buffers in reach, instead of a child under `ip netns exec`.
/// </remarks>
internal static unsafe partial class IsolatedThread
{
    private const int CloneNewNet = 0x40000000;
    private const int LinuxCapabilityVersion3 = 0x20080522;

    /// <summary>Run <paramref name="action"/> inside network namespace <paramref name="name"/> (made by <c>ip netns add</c>) and return its result.</summary>
    public static T InNamespace<T>(string name, Func<T> action) => Run(() =>
    {
        int fd = open($"/run/netns/{name}", 0x80000 /* O_RDONLY | O_CLOEXEC */);
        if (fd < 0)
            throw new InvalidOperationException($"network namespace '{name}' not found: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            if (setns(fd, CloneNewNet) != 0)
                throw new InvalidOperationException($"setns({name}) failed: errno {Marshal.GetLastPInvokeError()} (needs root)");
        }
        finally
        {
            close(fd);
        }
    }, action);

    /// <summary>Run <paramref name="action"/> with every effective capability dropped, as an unprivileged process would run (root's uid stays, its powers go).</summary>
    public static T WithoutCapabilities<T>(Func<T> action) => Run(() =>
    {
        var header = new CapHeader { Version = LinuxCapabilityVersion3, Pid = 0 };
        var data = stackalloc CapData[2];
        if (capget(&header, data) != 0)
            throw new InvalidOperationException($"capget failed: errno {Marshal.GetLastPInvokeError()}");
        data[0].Effective = 0;
        data[1].Effective = 0;
        if (capset(&header, data) != 0)
            throw new InvalidOperationException($"capset failed: errno {Marshal.GetLastPInvokeError()}");
    }, action);

    private static T Run<T>(Action enter, Func<T> action)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                enter();
                result = action();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapHeader
    {
        public int Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapData
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int type);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int capget(CapHeader* header, CapData* data);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int capset(CapHeader* header, CapData* data);
}
