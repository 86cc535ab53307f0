#!/usr/bin/env bash
# The DPDK side of the host setup, run by scripts/setup.sh; safe to run again (does only what is missing):
#   - Debian's DPDK 22.11: libdpdk-dev (headers, pkg-config) and dpdk (dpdk-testpmd, the drivers), make, cc;
#   - 2 MB hugepages: at least 512 reserved and hugetlbfs mounted on /dev/hugepages (dpdk ports also
#     run without them given '--no-huge -m 512' in their EAL arguments);
#   - src/Native/build/libfastpath_dpdk.so, the C shim the dpdk port calls (the .NET build also runs this make).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
dpkg -s libdpdk-dev >/dev/null 2>&1 || need_apt+=(libdpdk-dev)
command -v dpdk-testpmd >/dev/null 2>&1 || need_apt+=(dpdk)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
command -v make >/dev/null 2>&1 || need_apt+=(make)
command -v cc >/dev/null 2>&1 || need_apt+=(gcc libc6-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup-dpdk: installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

want_pages=512
if [ "$(id -u)" = 0 ] && [ -w /proc/sys/vm/nr_hugepages ]; then
  have=$(cat /proc/sys/vm/nr_hugepages)
  if [ "$have" -lt "$want_pages" ]; then
    echo "$want_pages" > /proc/sys/vm/nr_hugepages || true
    have=$(cat /proc/sys/vm/nr_hugepages)
    [ "$have" -ge "$want_pages" ] || echo "setup-dpdk: only $have of $want_pages hugepages could be reserved (memory too fragmented?)" >&2
  fi
  if ! awk '$3 == "hugetlbfs" {found = 1} END {exit !found}' /proc/mounts; then
    mkdir -p /dev/hugepages
    mount -t hugetlbfs nodev /dev/hugepages || echo "setup-dpdk: could not mount hugetlbfs on /dev/hugepages" >&2
  fi
else
  echo "setup-dpdk: not root, hugepages left as they are (dpdk ports can run with '--no-huge -m 512')" >&2
fi

make -s -C src/Native
echo "setup-dpdk: ok (DPDK $(pkg-config --modversion libdpdk), $(awk '/HugePages_Free/ {print $2}' /proc/meminfo) free hugepages, src/Native/build/libfastpath_dpdk.so)"
