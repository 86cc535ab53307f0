using System.Collections.Concurrent;
using System.Text;

namespace Fastpath.Tests.Metering;

public class StatsPrinterTests
{
    [Fact]
    public void PrintsLinesUntilStopped()
    {
        var registry = new CounterRegistry();
        var worker = new WorkerCounters(0, 1);
        registry.Register(worker);
        var output = new LineWriter();
        using var printer = new StatsPrinter(registry, output, TimeSpan.FromMilliseconds(20));
        Assert.False(printer.IsRunning);

        printer.Start();
        Assert.True(printer.IsRunning);
        Assert.Throws<InvalidOperationException>(printer.Start);
        // Count only after the first line, so the printer's first sample cannot already hold the drops.
        Assert.True(output.WaitForLines(1, TimeSpan.FromSeconds(30)), "no stats line was printed");
        worker.AddRx(0, 1000, 64_000);
        worker.AddDrop(DropReason.ParseError, 3);
        Assert.True(output.WaitForLines(3, TimeSpan.FromSeconds(30)), "the printer stopped printing");
        printer.Stop();
        Assert.False(printer.IsRunning);
        int printed = output.Lines.Count;

        Assert.All(output.Lines, l => Assert.Matches(@"^rx \S+ \S*pps \S+ \S*bit/s \| tx .* \| drops \d+.* \| slow \d+ \| idle (-|\d+%)$", l));
        // The drops happened once; exactly one line reports them, whatever the timing.
        Assert.Single(output.Lines, l => l.Contains("drops 3 (parse 3)", StringComparison.Ordinal));

        // Stopped means stopped: no line arrives after Stop returns, and it can start again.
        Thread.Sleep(100);
        Assert.Equal(printed, output.Lines.Count);
        printer.Stop();
        printer.Start();
        Assert.True(output.WaitForLines(printed + 1, TimeSpan.FromSeconds(30)));
        printer.Stop();
        Assert.Null(printer.Fault);
    }

    [Fact]
    public void AClosedOutputEndsPrintingNotTheProcess()
    {
        var writer = new StringWriter();
        writer.Dispose();
        using var printer = new StatsPrinter(new CounterRegistry(), writer, TimeSpan.FromMilliseconds(5));
        printer.Start();
        SpinWait.SpinUntil(() => printer.Fault is not null, TimeSpan.FromSeconds(30));
        Assert.IsType<ObjectDisposedException>(printer.Fault);
        printer.Stop();
    }

    [Fact]
    public void TheIntervalMustBePositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StatsPrinter(new CounterRegistry(), TextWriter.Null, TimeSpan.Zero));
    }

    // Collects whole lines from the printer's thread.
    private sealed class LineWriter : TextWriter
    {
        private readonly StringBuilder _current = new();
        private readonly BlockingCollection<string> _lines = [];

        public override Encoding Encoding => Encoding.UTF8;

        public IReadOnlyList<string> Lines => [.. _lines];

        public override void Write(char value)
        {
            lock (_current)
            {
                if (value == '\n')
                {
                    _lines.Add(_current.ToString().TrimEnd('\r'));
                    _current.Clear();
                }
                else
                {
                    _current.Append(value);
                }
            }
        }

        public bool WaitForLines(int count, TimeSpan timeout) => SpinWait.SpinUntil(() => _lines.Count >= count, timeout);
    }
}
