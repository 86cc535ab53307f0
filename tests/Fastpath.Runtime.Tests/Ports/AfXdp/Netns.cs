using System.Runtime.InteropServices;

namespace Fastpath.Tests.Ports.AfXdp;

/// <summary>Runs code inside a network namespace: on a fresh thread that entered it with setns(2).</summary>
/// <remarks>
/// setns on a dedicated thread rather than a child process under <c>ip netns exec</c>: the port, its
/// buffers and counters stay in the test process, where the test can look at them, and nothing
/// pays for a second runtime's start. It is safe because a network namespace is per thread
/// (CLONE_NEWNET may be entered by one thread of a multi-threaded process) and sockets keep the
/// namespace they were made in: a port opened in there may be polled from the test thread. The
/// thread ends after the call, so no other code ever runs in the namespace by accident.
/// </remarks>
internal static partial class Netns
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>Run <paramref name="action"/> in namespace <paramref name="name"/> (one made by ip netns) and return its result, or rethrow its exception.</summary>
    public static T Run<T>(string name, Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Enter(name);
                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }) { Name = $"netns-{name}", IsBackground = true };
        thread.Start();
        thread.Join();
        if (failure is not null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        return result;
    }

    /// <summary>Run <paramref name="action"/> in namespace <paramref name="name"/>.</summary>
    public static void Run(string name, Action action) => Run(name, () =>
    {
        action();
        return 0;
    });

    private static void Enter(string name)
    {
        int fd = Open($"/run/netns/{name}", 0);
        if (fd < 0)
            throw new InvalidOperationException($"namespace {name}: open /run/netns/{name} failed (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (SetNs(fd, CloneNewNet) != 0)
                throw new InvalidOperationException($"namespace {name}: setns failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int type);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
