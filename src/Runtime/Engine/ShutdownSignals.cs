using System.Runtime.InteropServices;

namespace Fastpath;

/// <summary>Turns Ctrl-C (SIGINT) and SIGTERM into a clean stop, so a program prints its final counts instead of dying mid-run.</summary>
/// <remarks>
/// The first signal calls the stop action and keeps the process alive. The second is swallowed too,
/// with a note, so an impatient second Ctrl-C does not cut off the summary the stop is about to
/// print. The third lets the default action through and the process ends at once: an escape when
/// a stop hangs. Dispose (after printing) to give the signals back their default meaning.
/// </remarks>
public sealed class ShutdownSignals : IDisposable
{
    private readonly Action _stop;
    private readonly TextWriter? _log;
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    private ShutdownSignals(Action stop, TextWriter? log, bool register)
    {
        _stop = stop;
        _log = log;
        _registrations = register
            ? [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)]
            : [];
    }

    /// <summary>Call <paramref name="stop"/> (for example <c>engine.Stop</c>) on the first SIGINT or SIGTERM, writing notes to <paramref name="log"/> (standard error when null).</summary>
    public static ShutdownSignals Register(Action stop, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(stop);
        return new ShutdownSignals(stop, log ?? Console.Error, register: true);
    }

    /// <summary>Return how many stop signals have arrived.</summary>
    public int Received => Volatile.Read(ref _received);

    /// <summary>Return whether a stop signal has arrived.</summary>
    public bool StopRequested => Received > 0;

    /// <summary>Give SIGINT and SIGTERM back their default meaning.</summary>
    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
            registration.Dispose();
    }

    // A handler that registers nothing, so tests can feed it signals without signalling the test host.
    internal static ShutdownSignals ForTest(Action stop, TextWriter log) => new(stop, log, register: false);

    internal void Handle(PosixSignalContext context)
    {
        int count = Interlocked.Increment(ref _received);
        if (count >= 3)
        {
            _log?.WriteLine($"{context.Signal} again: exiting without waiting for the workers");
            return;
        }
        context.Cancel = true;
        if (count == 1)
        {
            _log?.WriteLine($"{context.Signal}: stopping (the workers flush, then the totals print; a third signal exits at once)");
            _stop();
        }
        else
        {
            _log?.WriteLine($"{context.Signal}: already stopping; one more to exit without the totals");
        }
    }
}
