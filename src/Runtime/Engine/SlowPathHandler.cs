namespace Fastpath;

/// <summary>Handles one packet that a worker sent to the slow path, on the control-plane thread; the engine frees the buffer when this returns, so copy what you keep.</summary>
public delegate void SlowPathHandler(int worker, PacketBuffer buffer);
