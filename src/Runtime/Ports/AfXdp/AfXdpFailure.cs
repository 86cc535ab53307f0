namespace Fastpath;

/// <summary>Why an af_xdp port could not open.</summary>
public enum AfXdpFailure
{
    /// <summary>The process lacks root (CAP_NET_ADMIN, CAP_NET_RAW, CAP_BPF).</summary>
    NotPrivileged,

    /// <summary>No interface of that name in this network namespace.</summary>
    InterfaceMissing,

    /// <summary>The XDP object is missing or libbpf could not read it.</summary>
    ProgramMissing,

    /// <summary>The kernel's verifier refused the XDP program; the message carries its log.</summary>
    ProgramRefused,

    /// <summary>The interface has another XDP program attached, or it refused the attach.</summary>
    AttachFailed,

    /// <summary>Pinning was asked for where no BPF filesystem is mounted.</summary>
    BpffsMissing,

    /// <summary>The AF_XDP socket, its UMEM, rings or bind failed.</summary>
    SocketFailed,

    /// <summary>The buffer pool cannot serve as a UMEM (slot size), or is too small for the frames asked.</summary>
    PoolUnsuitable,

    /// <summary>A library the port needs (libbpf) is not installed.</summary>
    LibraryMissing,
}
