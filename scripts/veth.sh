#!/usr/bin/env bash
# A veth pair across two network namespaces, for tests and benchmarks that need a real wire
# without a NIC: the program under test runs in "<name>a" on "<name>a0", its peer (kdig, kxdpgun,
# scapy, tcpreplay) in "<name>b" on "<name>b0". Idempotent: "up" on an existing pair rebuilds it.
#
#   scripts/veth.sh up   [name] [queues]   name defaults to fp, queues to 1 (veth takes at most 2 here)
#   scripts/veth.sh down [name]            also detaches any XDP program left on either end
#   scripts/veth.sh env  [name]            print the addresses as shell variables
#
# Addresses: a = 10.99.0.1/24 and fd99::1/64, b = 10.99.0.2/24 and fd99::2/64. Both ends get fixed
# MACs (02:99:00:00:00:0a / 0b) so that tests can write frames without asking. Checksum and
# segmentation offloads are off: with them on, veth hands over packets whose checksums are still
# "partial" (to be filled by a NIC that does not exist), which a user-space reader sees as wrong.
set -euo pipefail

cmd=${1:-}
name=${2:-fp}
queues=${3:-1}
a="${name}a"; b="${name}b"

if ! [[ "$name" =~ ^[a-z][a-z0-9]{0,8}$ ]]; then
  echo "veth.sh: name '$name' must be 1-9 lower-case letters or digits, starting with a letter" >&2
  exit 2
fi

down() {
  for ns in "$a" "$b"; do
    if ip netns list | grep -qw "$ns"; then
      ip -n "$ns" link set dev "${ns}0" xdp off 2>/dev/null || true
      ip -n "$ns" link set dev "${ns}0" xdpgeneric off 2>/dev/null || true
      ip netns delete "$ns"
    fi
  done
}

case "$cmd" in
  up)
    if ! [[ "$queues" =~ ^[12]$ ]]; then
      echo "veth.sh: queues must be 1 or 2 (veth on this kernel offers 2 at most), not '$queues'" >&2
      exit 2
    fi
    [ "$(id -u)" = 0 ] || { echo "veth.sh: must run as root (creates network namespaces)" >&2; exit 1; }
    down
    ip netns add "$a"
    ip netns add "$b"
    ip link add "${a}0" numtxqueues "$queues" numrxqueues "$queues" netns "$a" type veth \
      peer name "${b}0" numtxqueues "$queues" numrxqueues "$queues" netns "$b"
    ip -n "$a" link set dev "${a}0" address 02:99:00:00:00:0a
    ip -n "$b" link set dev "${b}0" address 02:99:00:00:00:0b
    ip -n "$a" addr add 10.99.0.1/24 dev "${a}0"
    ip -n "$b" addr add 10.99.0.2/24 dev "${b}0"
    ip -n "$a" addr add fd99::1/64 dev "${a}0" nodad
    ip -n "$b" addr add fd99::2/64 dev "${b}0" nodad
    for ns in "$a" "$b"; do
      ip -n "$ns" link set dev lo up
      ip -n "$ns" link set dev "${ns}0" up
      if command -v ethtool >/dev/null 2>&1; then
        ip netns exec "$ns" ethtool -K "${ns}0" tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
      fi
    done
    # Native XDP on veth: frames an XDP program sends out of one end (XDP_TX, redirect) reach the
    # other only if that end runs an XDP program too (or has GRO on); frames an AF_XDP socket sends
    # in copy mode are skbs and arrive either way (tested by the af_xdp port's tests).
    echo "veth: $a/${a}0 (10.99.0.1, fd99::1) <-> $b/${b}0 (10.99.0.2, fd99::2), $queues queue(s)"
    ;;
  down)
    down
    ;;
  env)
    cat <<EOF
FP_NS_A=$a
FP_NS_B=$b
FP_IF_A=${a}0
FP_IF_B=${b}0
FP_IP_A=10.99.0.1
FP_IP_B=10.99.0.2
FP_IP6_A=fd99::1
FP_IP6_B=fd99::2
FP_MAC_A=02:99:00:00:00:0a
FP_MAC_B=02:99:00:00:00:0b
EOF
    ;;
  *)
    echo "usage: veth.sh up [name] [queues] | down [name] | env [name]" >&2
    exit 2
    ;;
esac
