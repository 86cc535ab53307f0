namespace Fastpath.Tests.Support;

/// <summary>Measures bytes allocated on this thread by a hot loop, tolerating the runtime's one-time work.</summary>
/// <remarks>
/// Under load, tiering and OSR can allocate a few KB on the test thread once; that is not the loop.
/// A loop that allocates per packet allocates in every window, so the smallest of three windows is
/// zero only when the loop itself allocates nothing.
/// </remarks>
internal static class AllocationProbe
{
    public static long SmallestOfThree(Action window)
    {
        long smallest = long.MaxValue;
        for (int i = 0; i < 3 && smallest != 0; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            window();
            smallest = Math.Min(smallest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return smallest;
    }
}
