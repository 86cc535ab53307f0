#!/usr/bin/env bash
# Rough af_xdp receive rate on one worker core: xdpgen floods UDP from the peer namespace of a veth
# pair (scripts/veth.sh) into an af_xdp port run by examples/forward in L3 mode with no routes, so
# every packet is received, parsed, looked up and dropped. Prints forward's per-second lines and the
# best and median of them. Needs root; uses cores 0 (the worker) and 1 (the generator, and with it
# the kernel's veth/XDP receive work, which runs on the sending core).
#
#   bash benchmarks/af-xdp-rxdrop.sh [frames=20000000] [port options, e.g. ring=8192,frames=8192]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-20000000}
extra=${2:-}
name=fpxbench
bash scripts/setup.sh >/dev/null
dotnet build examples/forward -c Release -nologo -v quiet >/dev/null
mkdir -p benchmarks/xdpgen/bin
cc -O2 -o benchmarks/xdpgen/bin/xdpgen benchmarks/xdpgen/xdpgen.c -lbpf
routes=$(mktemp); out=$(mktemp)
trap 'bash scripts/veth.sh down $name; rm -f "$routes" "$out"' EXIT
bash scripts/veth.sh up $name >/dev/null
port="af_xdp:${name}a0,claim=udp:53${extra:+,$extra}"
ip netns exec ${name}a dotnet examples/forward/bin/Release/net10.0/forward.dll \
  --port "$port" --mode l3 --routes "$routes" --cores 0 --busy-poll --stats >"$out" 2>&1 &
fwd=$!
sleep 4
ip netns exec ${name}b taskset -c 1 benchmarks/xdpgen/bin/xdpgen ${name}b0 02:99:00:00:00:0a 02:99:00:00:00:0b 10.99.0.1 10.99.0.2 53 "$count"
sleep 2
kill -TERM $fwd; wait $fwd || true  # TERM: a background job ignores SIGINT
cat "$out"
grep -o '^rx [0-9.]* [kM]pps' "$out" | awk '{v=$2; if ($3=="kpps") v/=1000; if (v>0.05) print v}' | sort -g | awk '
  {a[NR]=$1} END {if (NR==0) {print "no traffic seen"; exit 1}; printf "af_xdp rx (l3, no route: drop) on one core: best %.2f Mpps, median %.2f Mpps over %d s\n", a[NR], a[int((NR+1)/2)], NR}'
