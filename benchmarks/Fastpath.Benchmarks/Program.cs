using BenchmarkDotNet.Running;

namespace Fastpath.Benchmarks;

/// <summary>Entry point: pass BenchmarkDotNet arguments, e.g. <c>--filter '*ParseBenchmarks*'</c>, or <c>--verify</c>.</summary>
public static class Program
{
    /// <summary>Run the benchmarks the command line selects; <c>--verify</c> only checks that the parsers agree.</summary>
    public static int Main(string[] args)
    {
        if (args is ["--verify"])
            return Verify();
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    // Run each case's setup (which throws when the parsers disagree) and print the checksums.
    private static int Verify()
    {
        foreach (FrameCase kind in Enum.GetValues<FrameCase>())
        {
            var benchmarks = new ParseBenchmarks { Case = kind };
            benchmarks.Setup();
            Console.WriteLine($"{kind}: Generated {benchmarks.Generated():X16}, HandWritten {benchmarks.HandWritten():X16}, PacketDotNet {benchmarks.PacketDotNet():X16}");
        }
        return 0;
    }
}
