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
# The DNS example's peers: kdig queries it (the main job); NSD (below) is the reference its replies are compared with.
command -v kdig     >/dev/null 2>&1 || need_apt+=(knot-dnsutils)
# The DNS example's zone-reader tests cross-check with Knot's kzonecheck and NSD's nsd-checkzone.
command -v kzonecheck >/dev/null 2>&1 || need_apt+=(knot-dnssecutils)
command -v nsd-checkzone >/dev/null 2>&1 || need_apt+=(nsd)

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

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
  exit 1
fi
echo "setup: ok ($(dotnet --version), $(tshark --version 2>/dev/null | head -n 1))"
