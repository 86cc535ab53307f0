#!/usr/bin/env bash
# Install what the build, the sample and the tests need; safe to run again (installs only what is missing).
set -euo pipefail

need_apt=()
# tshark reads our captures back; text2pcap, editcap and capinfos (wireshark-common) write test captures; tcpdump too.
command -v tshark   >/dev/null 2>&1 || need_apt+=(tshark)
command -v text2pcap >/dev/null 2>&1 || need_apt+=(wireshark-common)
command -v editcap  >/dev/null 2>&1 || need_apt+=(wireshark-common)
command -v tcpdump  >/dev/null 2>&1 || need_apt+=(tcpdump)
# ip makes the veth pairs and namespaces of the port tests (scripts/veth.sh); ethtool turns their offloads off.
command -v ip       >/dev/null 2>&1 || need_apt+=(iproute2)
command -v ethtool  >/dev/null 2>&1 || need_apt+=(ethtool)
# The DNS example's peers: kdig queries it (the main job); NSD (below) and Knot are the references its replies are compared with.
command -v kdig     >/dev/null 2>&1 || need_apt+=(knot-dnsutils)
command -v knotd    >/dev/null 2>&1 || need_apt+=(knot)
# The DNS example's zone-reader tests cross-check with Knot's kzonecheck and NSD's nsd-checkzone.
command -v kzonecheck >/dev/null 2>&1 || need_apt+=(knot-dnssecutils)
command -v nsd-checkzone >/dev/null 2>&1 || need_apt+=(nsd)
# af_xdp port: clang/llvm compile its XDP program (src/Xdp), libbpf loads it (libbpf-dev pulls in
# libbpf1), libxdp-dev and xdp-tools (xdp-loader, xdpdump) are there to inspect a running port.
command -v clang      >/dev/null 2>&1 || need_apt+=(clang)
command -v llvm-objdump >/dev/null 2>&1 || need_apt+=(llvm)
dpkg -s libbpf-dev    >/dev/null 2>&1 || need_apt+=(libbpf-dev)
dpkg -s libxdp-dev    >/dev/null 2>&1 || need_apt+=(libxdp-dev)
command -v xdp-loader >/dev/null 2>&1 || need_apt+=(xdp-tools)

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # tshark asks whether non-root users may capture; answer no without a prompt.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
  apt-get update -qq
  # Packaged daemons (nsd) must not start on install: the tests start their own on free ports.
  policy=/usr/sbin/policy-rc.d
  had_policy=0; [ -e "$policy" ] && had_policy=1
  [ "$had_policy" = 1 ] || { printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; }
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  [ "$had_policy" = 1 ] || rm -f "$policy"
fi

# DPDK (headers, testpmd), hugepages and the dpdk port's C shim.
bash "$(dirname "$0")/setup-dpdk.sh"
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
