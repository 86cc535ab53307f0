using System.Runtime.InteropServices;

namespace Fastpath;

/// <summary>Owns one started ethdev: stops it and closes it (removing the virtual device when this process made it) on release.</summary>
internal sealed class DpdkPortHandle : SafeHandle
{
    private readonly string _name;

    /// <summary>Take ownership of the started ethdev <paramref name="port"/>, called <paramref name="name"/>.</summary>
    public DpdkPortHandle(ushort port, string name)
        : base(-1, ownsHandle: true)
    {
        _name = name;
        SetHandle(port);
    }

    /// <summary>Return the ethdev's port id.</summary>
    public ushort Port => (ushort)handle;

    /// <summary>Return the ethdev's name.</summary>
    public string Name => _name;

    /// <inheritdoc/>
    public override bool IsInvalid => handle == -1;

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        Close(Port, _name);
        return true;
    }

    /// <summary>Stop and close <paramref name="port"/>; a virtual device this process made is removed (which closes it), so the name can be made again.</summary>
    internal static void Close(ushort port, string name)
    {
        DpdkNative.PortStop(port);
        if (DpdkEal.Created(name))
            DpdkEal.RemoveDevice(name);
        else
            DpdkNative.PortClose(port);
        DpdkEal.Release(port);
    }
}
