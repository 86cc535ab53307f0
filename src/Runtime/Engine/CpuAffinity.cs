using System.Runtime.InteropServices;
using System.Text;

namespace Fastpath;

/// <summary>Pins threads to cores with Linux's <c>sched_setaffinity</c>, so a worker keeps its caches and its queue's interrupts stay local.</summary>
/// <remarks>
/// Passing 0 as the pid makes both calls act on the calling thread ("If pid is zero, then the
/// calling thread is used", sched_setaffinity(2)), which saves a <c>gettid</c> call and is right
/// for a .NET thread, one OS thread each. Masks are <c>cpu_set_t</c>-sized (1024 cores).
/// </remarks>
public static partial class CpuAffinity
{
    /// <summary>The highest core number plus one that a mask can name (glibc's <c>CPU_SETSIZE</c>).</summary>
    public const int MaxCores = 1024;

    private const int MaskWords = MaxCores / 64;

    /// <summary>Return the cores the calling thread may run on, ascending.</summary>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    public static int[] CurrentThreadCores()
    {
        RequireLinux("reading a thread's cores");
        Span<ulong> mask = stackalloc ulong[MaskWords];
        if (GetAffinity(mask) != 0)
            throw new InvalidOperationException($"sched_getaffinity failed: {ErrnoText(Marshal.GetLastPInvokeError())}");
        var cores = new List<int>();
        for (int core = 0; core < MaxCores; core++)
        {
            if ((mask[core >> 6] & (1UL << (core & 63))) != 0)
                cores.Add(core);
        }
        return [.. cores];
    }

    /// <summary>Return null when the calling thread could be pinned to <paramref name="core"/>, else why not (out of range, not allowed to this process, not Linux).</summary>
    public static string? Check(int core)
    {
        if (!OperatingSystem.IsLinux())
            return $"core {core}: pinning needs Linux (sched_setaffinity); leave the cores out to run unpinned";
        if ((uint)core >= MaxCores)
            return $"core {core} is out of range: core numbers run from 0 to {MaxCores - 1}";
        int[] allowed = CurrentThreadCores();
        if (Array.IndexOf(allowed, core) < 0)
            return $"core {core} is out of range: this process may run on cores {Ranges(allowed)}";
        return null;
    }

    /// <summary>Pin the calling thread to <paramref name="core"/> alone.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The core is not one this process may run on; the message lists those it may.</exception>
    /// <exception cref="InvalidOperationException">The kernel refused; the message carries errno.</exception>
    public static void PinCurrentThread(int core)
    {
        string? problem = Check(core);
        if (problem is not null)
        {
            if (!OperatingSystem.IsLinux())
                throw new PlatformNotSupportedException(problem);
            throw new ArgumentOutOfRangeException(nameof(core), core, problem);
        }
        Span<ulong> mask = stackalloc ulong[MaskWords];
        mask.Clear();
        mask[core >> 6] = 1UL << (core & 63);
        if (SetAffinity(mask) != 0)
            throw new InvalidOperationException($"could not pin thread to core {core}: sched_setaffinity failed: {ErrnoText(Marshal.GetLastPInvokeError())}");
    }

    /// <summary>Parse a core list as <c>taskset</c> and DPDK's <c>-l</c> write it (<c>0</c>, <c>0,2</c>, <c>0-3,6</c>), in the order given; on failure <paramref name="error"/> names the bad part.</summary>
    public static bool TryParseList(string text, out List<int> cores, out string? error)
    {
        cores = [];
        error = null;
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            int dash = part.IndexOf('-');
            bool range = dash > 0;
            if (!int.TryParse(range ? part[..dash] : part, out int first) || first < 0
                || (range && (!int.TryParse(part[(dash + 1)..], out int last) || last < first)))
            {
                error = $"'{text}': '{part}' is not a core number or a range like 2-3";
                return false;
            }
            int end = range ? int.Parse(part[(dash + 1)..]) : first;
            for (int core = first; core <= end; core++)
                cores.Add(core);
        }
        return true;
    }

    /// <summary>Write <paramref name="cores"/> (ascending) as ranges, <c>0-3,6,8-9</c>, the way <c>taskset -c</c> reads them.</summary>
    public static string Ranges(IReadOnlyList<int> cores)
    {
        if (cores.Count == 0)
            return "(none)";
        var text = new StringBuilder();
        int start = cores[0];
        for (int i = 1; i <= cores.Count; i++)
        {
            if (i < cores.Count && cores[i] == cores[i - 1] + 1)
                continue;
            int end = cores[i - 1];
            if (text.Length > 0)
                text.Append(',');
            text.Append(start);
            if (end != start)
                text.Append('-').Append(end);
            if (i < cores.Count)
                start = cores[i];
        }
        return text.ToString();
    }

    private static void RequireLinux(string what)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException($"{what} needs Linux (sched_getaffinity)");
    }

    private static unsafe int GetAffinity(Span<ulong> mask)
    {
        fixed (ulong* p = mask)
            return sched_getaffinity(0, (nuint)(mask.Length * sizeof(ulong)), p);
    }

    private static unsafe int SetAffinity(Span<ulong> mask)
    {
        fixed (ulong* p = mask)
            return sched_setaffinity(0, (nuint)(mask.Length * sizeof(ulong)), p);
    }

    private static string ErrnoText(int errno) => $"errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})";

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int sched_setaffinity(int pid, nuint cpusetsize, ulong* mask);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int sched_getaffinity(int pid, nuint cpusetsize, ulong* mask);
}
