#!/usr/bin/env bash
# Install what the build, the sample and the tests need; safe to run again (installs only what is missing).
set -euo pipefail

need_apt=()
# tshark reads our captures back; text2pcap, editcap and capinfos (wireshark-common) write test captures; tcpdump too.
command -v tshark   >/dev/null 2>&1 || need_apt+=(tshark)
command -v text2pcap >/dev/null 2>&1 || need_apt+=(wireshark-common)
command -v editcap  >/dev/null 2>&1 || need_apt+=(wireshark-common)
command -v tcpdump  >/dev/null 2>&1 || need_apt+=(tcpdump)
# af_xdp port: clang/llvm compile its XDP program (src/Xdp), libbpf loads it (libbpf-dev pulls in
# libbpf1), libxdp-dev and xdp-tools (xdp-loader, xdpdump) are there to inspect a running port;
# ethtool lets scripts/veth.sh turn offloads off; iproute2 makes the namespaces.
command -v clang      >/dev/null 2>&1 || need_apt+=(clang)
command -v llvm-objdump >/dev/null 2>&1 || need_apt+=(llvm)
dpkg -s libbpf-dev    >/dev/null 2>&1 || need_apt+=(libbpf-dev)
dpkg -s libxdp-dev    >/dev/null 2>&1 || need_apt+=(libxdp-dev)
command -v xdp-loader >/dev/null 2>&1 || need_apt+=(xdp-tools)
command -v ethtool    >/dev/null 2>&1 || need_apt+=(ethtool)
command -v ip         >/dev/null 2>&1 || need_apt+=(iproute2)

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # tshark asks whether non-root users may capture; answer no without a prompt.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# The af_xdp port's XDP program (rebuilt only when its source changed; never committed).
bash "$(dirname "$0")/../src/Xdp/build.sh"
# bpffs, for af_xdp's pin option (maps pinned for bpftool or another process to read).
if [ "$(id -u)" = 0 ] && ! mountpoint -q /sys/fs/bpf 2>/dev/null; then
  mount -t bpf bpf /sys/fs/bpf 2>/dev/null || echo "setup: could not mount bpffs at /sys/fs/bpf (af_xdp's pin option needs it)" >&2
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
  exit 1
fi
echo "setup: ok ($(dotnet --version), $(tshark --version 2>/dev/null | head -n 1))"
