#!/usr/bin/env bash
# Every port kind side by side on one core, in one run: rx-drop and L2 forward Mpps of
# examples/forward on af_xdp, af_packet, udp and dpdk (net_af_xdp, net_af_packet) over one veth pair
# (scripts/veth.sh), fed by one generator (benchmarks/xdpgen), beside dpdk-testpmd on the same
# vdevs; then DPDK's pure software path (net_null, net_null <-> net_ring) against testpmd with no
# veth at all. Prints one markdown table with the ratios; --write puts it into benchmarks/README.md
# between <!-- ports:begin --> and <!-- ports:end -->.
#
#   sudo bash benchmarks/ports.sh [--write] [--seconds N] [--warmup N] [--only REGEX] [--keep-logs DIR] [--no-setup]
#
#   --seconds N     the steady window of each measurement (default 8); the median second is reported
#   --warmup N      seconds of traffic before the window (default 2)
#   --only REGEX    run only the rows whose id matches (ids: rx-*, l2-*, sw-*; e.g. --only '^sw-')
#   --keep-logs DIR keep every program's output there (default: a temporary directory, removed)
#   --no-setup      skip scripts/setup.sh (packages, hugepages, the XDP object)
#
# Cores: the program under test (forward's worker, testpmd's forwarding lcore) on core 0; the
# generator on core 1. On veth the kernel's receive work for the generator's frames (veth NAPI, the
# XDP program, the copy into an AF_XDP UMEM or the skb and socket work for af_packet and udp) runs
# on the sending core, so on two cores the generator and that kernel work share core 1: a veth
# row's rate is often the generator's limit, and the table shows what the generator achieved.
# Frames forwarded back out are dropped by the generator's XDP_DROP program on the peer end (xdpgen
# -d), the cheapest end veth offers them and the same for every row (io and macswap, the udp port's
# datagrams); veth delivers on the transmitting core, so core 0 still pays for that drop.
#
# Bounded and clean: each measurement runs a fixed time and every program runs under timeout(1);
# on exit, error or interrupt the trap stops what it started, detaches XDP and removes the pair.
set -euo pipefail
cd "$(dirname "$0")/.."

invocation="bash benchmarks/ports.sh${*:+ $*}"
seconds=8
warmup=2
write=0
only=''
keep_logs=''
setup=1
while [ $# -gt 0 ]; do
  case "$1" in
    --write) write=1 ;;
    --seconds) seconds=${2:?--seconds needs a number}; shift ;;
    --warmup) warmup=${2:?--warmup needs a number}; shift ;;
    --only) only=${2:?--only needs a regular expression}; shift ;;
    --keep-logs) keep_logs=${2:?--keep-logs needs a directory}; shift ;;
    --no-setup) setup=0 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "ports.sh: unknown argument '$1' (--help lists them)" >&2; exit 2 ;;
  esac
  shift
done
[[ "$seconds" =~ ^[1-9][0-9]*$ && "$warmup" =~ ^[0-9]+$ ]] || { echo "ports.sh: --seconds and --warmup take whole seconds" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "ports.sh: run as root (namespaces, XDP, DPDK hugepages)" >&2; exit 1; }
[ "$(nproc)" -ge 2 ] || { echo "ports.sh: needs two cores (0: the program under test, 1: the generator)" >&2; exit 1; }

name=fpports                      # scripts/veth.sh: namespaces fpportsa/fpportsb, veth fpportsa0 <-> fpportsb0
nsa=${name}a; nsb=${name}b; ifa=${nsa}0; ifb=${nsb}0
mac_a=02:99:00:00:00:0a; mac_b=02:99:00:00:00:0b; ip_a=10.99.0.1; ip_b=10.99.0.2
forward_dll=examples/forward/bin/Release/net10.0/forward.dll
xdpgen=benchmarks/xdpgen/bin/xdpgen
ready_limit=40                    # seconds a program may take to start (dotnet, the EAL, opening its port)
run_limit=$((ready_limit + warmup + seconds + 20))   # timeout(1) for every program: nothing outlives the run by much
mbufs=16384                       # forward's pool (Program.cs) and testpmd's --total-num-mbufs
testpmd_common=(-l 0,1 --main-lcore 1 --in-memory --no-pci --no-telemetry)
testpmd_opts=(--nb-cores=1 --stats-period 1 "--total-num-mbufs=$mbufs" --rxd=1024 --txd=1024)

logs=$(mktemp -d "${TMPDIR:-/tmp}/fastpath-ports.XXXXXX")
pids=()
veth_up=0

# Stop one program started under timeout(1): TERM (timeout passes it on), then KILL to it and its child.
stop() {
  local pid=$1 child i
  child=$(pgrep -P "$pid" 2>/dev/null || true)
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    [ -n "$child" ] && kill -KILL $child 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  trap - EXIT INT TERM
  local pid
  for pid in "${pids[@]}"; do stop "$pid"; done
  [ "$veth_up" = 1 ] && bash scripts/veth.sh down "$name" >/dev/null 2>&1 || true
  if [ -n "$keep_logs" ]; then
    mkdir -p "$keep_logs" && cp -r "$logs"/. "$keep_logs"/ && echo "ports.sh: logs in $keep_logs" >&2
  fi
  rm -rf "$logs"
}
trap cleanup EXIT
trap 'echo "ports.sh: interrupted; cleaning up" >&2; exit 130' INT TERM

# Sleep in the background so that a signal runs the trap at once rather than after the sleep.
pause() { sleep "$1" & wait $! || true; }

# Start a program under timeout(1) in the background, its output to $1; sets $started.
start() {
  local log=$1; shift
  timeout --kill-after=5 "$run_limit" "$@" >"$log" 2>&1 </dev/null &
  started=$!
  pids+=("$started")
}

forget() { local keep=() p; for p in "${pids[@]}"; do [ "$p" != "$1" ] && keep+=("$p"); done; pids=("${keep[@]}"); }

# How many per-second readings a log holds so far: forward prints "rx …" lines, testpmd an "Rx-pps" per port, xdpgen "… s: … Mpps".
readings() {
  local kind=$1 log=$2 ports=${3:-1} n
  case "$kind" in
    forward) n=$(grep -c '^rx ' "$log" || true) ;;
    testpmd) n=$(( $(grep -c 'Rx-pps:' "$log" || true) / ports )) ;;
    xdpgen) n=$(grep -c '^xdpgen: .* s: ' "$log" || true) ;;
  esac
  echo "${n:-0}"
}

# Per-second "rx tx [idle%]" (Mpps) from a log, one line per second (testpmd: summed over its ports).
rates() {
  local kind=$1 log=$2 ports=${3:-1}
  case "$kind" in
    forward) awk '
      function mpps(v, u) { return u == "Mpps" ? v : u == "kpps" ? v / 1e3 : u == "Gpps" ? v * 1e3 : v / 1e6 }
      /^rx / { split($0, h, "|"); split(h[1], r, " "); split(h[2], t, " "); idle = $NF; sub("%", "", idle)
               print mpps(r[2], r[3]), mpps(t[2], t[3]), idle }' "$log" ;;
    testpmd) awk -v ports="$ports" '
      /Rx-pps:/ { rx += $2 / 1e6 } /Tx-pps:/ { tx += $2 / 1e6; if (++n % ports == 0) { print rx, tx; rx = 0; tx = 0 } }' "$log" ;;
    xdpgen) awk '/^xdpgen: .* s: / { print $(NF-1), $(NF-1) }' "$log" ;;
  esac
}

# The median of column $5 of readings $3+1 … $4 (the steady window) of a log.
window_median() {
  local kind=$1 log=$2 from=$3 to=$4 col=$5 ports=${6:-1}
  rates "$kind" "$log" "$ports" | awk -v from="$from" -v to="$to" -v c="$col" 'NR > from && NR <= to { print $c }' |
    sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) exit; printf "%.3f\n", NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

counter() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3" 2>/dev/null || echo 0; }

detach_xdp() {
  ip -n "$nsa" link set dev "$ifa" xdp off 2>/dev/null || true
  ip -n "$nsa" link set dev "$ifa" xdpgeneric off 2>/dev/null || true
}

# Results by row id.
declare -A r_rx r_tx r_idle r_gen r_peer r_note r_cmd r_label
rows=()

# One measurement. $1 id, $2 label, $3 forward|testpmd, $4 veth|sw, $5 testpmd's port count, then the command.
measure() {
  local id=$1 label=$2 kind=$3 where=$4 ports=$5; shift 5
  [[ -n "$only" && ! "$id" =~ $only ]] && return 0
  rows+=("$id"); r_label[$id]=$label; r_cmd[$id]="$*"
  local log="$logs/$id.log" genlog="$logs/$id.xdpgen.log" dut gen="" waited=0 n1 n2 g1 g2 p1 p2 t1 t2
  echo "ports.sh: [$id] $label" >&2
  [ "$where" = veth ] && detach_xdp
  start "$log" "$@"; dut=$started
  # Ready once the first per-second reading is out: the port is open and polled.
  while [ "$(readings "$kind" "$log" "$ports")" -lt 1 ]; do
    if ! kill -0 "$dut" 2>/dev/null || [ "$waited" -ge $((ready_limit * 5)) ]; then
      r_note[$id]="failed to start: $(grep -v '^\s*$' "$log" | tail -n 1 | cut -c1-160)"
      echo "ports.sh: [$id] did not start; the end of its output:" >&2; tail -n 15 "$log" | sed 's/^/    /' >&2
      stop "$dut"; forget "$dut"; return 0
    fi
    pause 0.2; waited=$((waited + 1))
  done
  if [ "$where" = veth ]; then
    start "$genlog" ip netns exec "$nsb" taskset -c 1 "$xdpgen" -t $((warmup + seconds + 1)) -d \
      "$ifb" "$mac_a" "$mac_b" "$ip_a" "$ip_b" 53 0
    gen=$started
  fi
  pause "$warmup"
  n1=$(readings "$kind" "$log" "$ports"); g1=$(readings xdpgen "$genlog" 2>/dev/null || echo 0)
  p1=$(counter "$nsb" "$ifb" rx_packets); t1=$(date +%s.%N)
  pause "$seconds"
  n2=$(readings "$kind" "$log" "$ports"); g2=$(readings xdpgen "$genlog" 2>/dev/null || echo 0)
  p2=$(counter "$nsb" "$ifb" rx_packets); t2=$(date +%s.%N)
  if [ -n "$gen" ]; then
    wait "$gen" 2>/dev/null || true; forget "$gen"
    [ -s "$genlog" ] && grep -q '^xdpgen: sent' "$genlog" || r_note[$id]="generator: $(tail -n 1 "$genlog")"
  fi
  stop "$dut"; forget "$dut"
  r_rx[$id]=$(window_median "$kind" "$log" "$n1" "$n2" 1 "$ports")
  r_tx[$id]=$(window_median "$kind" "$log" "$n1" "$n2" 2 "$ports")
  [ "$kind" = forward ] && r_idle[$id]=$(window_median forward "$log" "$n1" "$n2" 3)
  if [ -n "$gen" ]; then
    r_gen[$id]=$(window_median xdpgen "$genlog" "$g1" "$g2" 1)
    r_peer[$id]=$(awk -v a="$p1" -v b="$p2" -v s="$t1" -v e="$t2" 'BEGIN { printf "%.3f\n", (b - a) / (e - s) / 1e6 }')
  fi
  [ -z "${r_rx[$id]}" ] && r_note[$id]="${r_note[$id]:-no readings in the window}"
  # The af_xdp port says how it attached; the label claims native XDP, so say when it was not.
  grep -q 'generic XDP' "$log" && r_note[$id]="${r_note[$id]:+${r_note[$id]}; }generic XDP (native refused)"
  echo "ports.sh: [$id] rx ${r_rx[$id]:--} tx ${r_tx[$id]:--} Mpps; generator ${r_gen[$id]:--}, at peer ${r_peer[$id]:--}${r_note[$id]:+ ($(printf '%s' "${r_note[$id]}"))}" >&2
  [ "$where" = veth ] && detach_xdp
  return 0
}

# --- build --------------------------------------------------------------------------------------
if [ "$setup" = 1 ]; then
  bash scripts/setup.sh >/dev/null
fi
dotnet build examples/forward -c Release -nologo -v quiet >/dev/null
mkdir -p benchmarks/xdpgen/bin
cc -O2 -Wall -o "$xdpgen" benchmarks/xdpgen/xdpgen.c -lbpf
command -v dpdk-testpmd >/dev/null || { echo "ports.sh: dpdk-testpmd missing: run scripts/setup.sh" >&2; exit 1; }
load=$(cut -d' ' -f1 /proc/loadavg)

# --- the veth pair ------------------------------------------------------------------------------
routes=/dev/null                  # forward --mode l3 with no routes: receive, parse, look up, drop
bash scripts/veth.sh up "$name" >/dev/null; veth_up=1
# GRO on the receiving end: frames that xdpgen sends (ndo_xdp_xmit) reach a veth end only when it runs
# XDP or has GRO on, and the af_packet, udp and net_af_packet rows attach no XDP program.
ip netns exec "$nsa" ethtool -K "$ifa" gro on >/dev/null
# The udp port's L2 row sends its datagrams to the peer: a fixed neighbour entry spares it ARP.
ip -n "$nsa" neigh replace "$ip_b" lladdr "$mac_b" dev "$ifa" nud permanent

fwd_a=(ip netns exec "$nsa" dotnet "$forward_dll" --cores 0 --busy-poll --stats)
tp_a=(ip netns exec "$nsa" dpdk-testpmd "${testpmd_common[@]}")
vdev_xdp="net_af_xdp0,iface=$ifa,start_queue=0,queue_count=1"
vdev_pkt="net_af_packet0,iface=$ifa"
rxdrop=(--mode l3 --routes "$routes")

# (a) rx-drop: forward in L3 mode with no routes drops every packet after parsing it; testpmd rxonly frees it.
measure rx-af_xdp        "rx-drop · forward · af_xdp (native, copy)"  forward veth 1 "${fwd_a[@]}" "${rxdrop[@]}" --port "af_xdp:$ifa"
measure rx-af_packet     "rx-drop · forward · af_packet"              forward veth 1 "${fwd_a[@]}" "${rxdrop[@]}" --port "af_packet:$ifa"
measure rx-udp           "rx-drop · forward · udp (kernel socket)"    forward veth 1 "${fwd_a[@]}" "${rxdrop[@]}" --port "udp:$ip_a:53"
measure rx-dpdk-af_xdp   "rx-drop · forward · dpdk net_af_xdp"        forward veth 1 "${fwd_a[@]}" "${rxdrop[@]}" --port "dpdk:$vdev_xdp"
measure rx-tp-af_xdp     "rx-drop · testpmd rxonly · net_af_xdp"      testpmd veth 1 "${tp_a[@]}" "--vdev=$vdev_xdp" -- "${testpmd_opts[@]}" --forward-mode=rxonly --port-topology=loop
measure rx-dpdk-af_packet "rx-drop · forward · dpdk net_af_packet"    forward veth 1 "${fwd_a[@]}" "${rxdrop[@]}" --port "dpdk:$vdev_pkt"
measure rx-tp-af_packet  "rx-drop · testpmd rxonly · net_af_packet"   testpmd veth 1 "${tp_a[@]}" "--vdev=$vdev_pkt" -- "${testpmd_opts[@]}" --forward-mode=rxonly --port-topology=loop

# (b) L2 forward: swap the MACs and send back out of the one port (L2Forward: a lone port answers itself).
# The udp port sends each datagram's payload to peer= (its frames' addresses are its own: see docs/ports.md).
measure l2-af_xdp        "L2 fwd · forward · af_xdp (native, copy)"   forward veth 1 "${fwd_a[@]}" --mode l2 --port "af_xdp:$ifa"
measure l2-af_packet     "L2 fwd · forward · af_packet"               forward veth 1 "${fwd_a[@]}" --mode l2 --port "af_packet:$ifa"
measure l2-udp           "L2 fwd · forward · udp (kernel socket)"     forward veth 1 "${fwd_a[@]}" --mode l2 --port "udp:$ip_a:53,peer=$ip_b:9"
measure l2-dpdk-af_xdp   "L2 fwd · forward · dpdk net_af_xdp"         forward veth 1 "${fwd_a[@]}" --mode l2 --port "dpdk:$vdev_xdp"
measure l2-tpio-af_xdp   "L2 fwd · testpmd io · net_af_xdp"           testpmd veth 1 "${tp_a[@]}" "--vdev=$vdev_xdp" -- "${testpmd_opts[@]}" --forward-mode=io --port-topology=loop
measure l2-tpmac-af_xdp  "L2 fwd · testpmd macswap · net_af_xdp"      testpmd veth 1 "${tp_a[@]}" "--vdev=$vdev_xdp" -- "${testpmd_opts[@]}" --forward-mode=macswap --port-topology=loop
measure l2-dpdk-af_packet "L2 fwd · forward · dpdk net_af_packet"     forward veth 1 "${fwd_a[@]}" --mode l2 --port "dpdk:$vdev_pkt"
measure l2-tpio-af_packet "L2 fwd · testpmd io · net_af_packet"       testpmd veth 1 "${tp_a[@]}" "--vdev=$vdev_pkt" -- "${testpmd_opts[@]}" --forward-mode=io --port-topology=loop
measure l2-tpmac-af_packet "L2 fwd · testpmd macswap · net_af_packet" testpmd veth 1 "${tp_a[@]}" "--vdev=$vdev_pkt" -- "${testpmd_opts[@]}" --forward-mode=macswap --port-topology=loop

bash scripts/veth.sh down "$name" >/dev/null; veth_up=0

# (c) the pure software path, no veth: net_null makes 64-byte packets and frees what it is sent;
# net_null0 <-> net_ring0 forwards each packet twice (null rx -> ring tx, ring rx -> null tx), rx summed over both ports.
fwd=(dotnet "$forward_dll" --cores 0 --busy-poll --stats --mode l2)
tp=(dpdk-testpmd "${testpmd_common[@]}")
measure sw-null          "L2 fwd · forward · dpdk net_null0"           forward sw 1 "${fwd[@]}" --port dpdk:net_null0
measure sw-tpmac-null    "L2 fwd · testpmd macswap · net_null0"        testpmd sw 1 "${tp[@]}" --vdev=net_null0 -- "${testpmd_opts[@]}" --forward-mode=macswap --port-topology=loop
measure sw-tpio-null     "L2 fwd · testpmd io · net_null0"             testpmd sw 1 "${tp[@]}" --vdev=net_null0 -- "${testpmd_opts[@]}" --forward-mode=io --port-topology=loop
measure sw-ring          "L2 fwd · forward · net_null0 <-> net_ring0"  forward sw 2 "${fwd[@]}" --port dpdk:net_null0 --port dpdk:net_ring0
measure sw-tpmac-ring    "L2 fwd · testpmd macswap · net_null0 <-> net_ring0" testpmd sw 2 "${tp[@]}" --vdev=net_null0 --vdev=net_ring0 -- "${testpmd_opts[@]}" --forward-mode=macswap --port-topology=paired

# --- the table ----------------------------------------------------------------------------------
fmt() { [ -n "${1:-}" ] && awk -v v="$1" 'BEGIN { printf((v >= 10 ? "%.1f" : v >= 1 ? "%.2f" : "%.3f"), v) }' || printf -- '—'; }
ratio() { [ -n "${1:-}" ] && [ -n "${2:-}" ] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else printf "—" }' || printf -- '—'; }
# The rate a row is judged by: rx for rx-drop rows, tx (forwarded) for the others.
rate() { case "$1" in rx-*) echo "${r_rx[$1]:-}" ;; *) echo "${r_tx[$1]:-}" ;; esac; }
have() { [ -n "$(rate "$1")" ]; }

table() {
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), kernel $(uname -r)),"
  echo "load average ${load} at the start; ${seconds} s window after ${warmup} s of warm-up, median second. Program under test on core 0,"
  echo "generator (xdpgen, 64-byte UDP) on core 1 sharing it with the kernel's veth receive work. Command: \`sudo ${invocation}\`."
  echo
  echo "| row | Mpps rx | Mpps tx | idle polls | generator Mpps | back at peer Mpps | note |"
  echo "|---|--:|--:|--:|--:|--:|---|"
  local id
  for id in "${rows[@]}"; do
    echo "| ${r_label[$id]} | $(fmt "${r_rx[$id]:-}") | $(fmt "${r_tx[$id]:-}") | ${r_idle[$id]:+$(printf '%.0f%%' "${r_idle[$id]}")} | $(fmt "${r_gen[$id]:-}") | $(fmt "${r_peer[$id]:-}") | $(printf '%s' "${r_note[$id]:-}" | tr '|' '/') |"
  done
  echo
  echo "rx-drop rows are judged by rx, the others by tx (packets forwarded). Ratios:"
  echo
  echo "| comparison | ratio |"
  echo "|---|--:|"
  local v
  for v in af_xdp af_packet; do
    have "rx-dpdk-$v" && have "rx-tp-$v" && echo "| rx-drop, net_$v: forward / testpmd rxonly | $(ratio "$(rate rx-dpdk-$v)" "$(rate rx-tp-$v)") |"
    have "l2-dpdk-$v" && have "l2-tpmac-$v" && echo "| L2, net_$v: forward / testpmd macswap | $(ratio "$(rate l2-dpdk-$v)" "$(rate l2-tpmac-$v)") |"
    have "l2-dpdk-$v" && have "l2-tpio-$v" && echo "| L2, net_$v: forward / testpmd io | $(ratio "$(rate l2-dpdk-$v)" "$(rate l2-tpio-$v)") |"
  done
  if have sw-null && have sw-tpmac-null; then
    local r; r=$(awk -v a="$(rate sw-null)" -v b="$(rate sw-tpmac-null)" 'BEGIN { printf "%.2f", a / b }')
    echo "| software, net_null0: forward / testpmd macswap (target ≥ 0.9×) | ${r}× ($(awk -v r="$r" 'BEGIN { print (r >= 0.9 ? "met" : "not met") }')) |"
  fi
  have sw-null && have sw-tpio-null && echo "| software, net_null0: forward / testpmd io | $(ratio "$(rate sw-null)" "$(rate sw-tpio-null)") |"
  have sw-ring && have sw-tpmac-ring && echo "| software, net_null0 <-> net_ring0: forward / testpmd macswap | $(ratio "$(rate sw-ring)" "$(rate sw-tpmac-ring)") |"
  local what best bid id2
  for what in rx l2; do
    best=''; bid=''
    for id2 in "$what-af_xdp" "$what-af_packet" "$what-dpdk-af_xdp" "$what-dpdk-af_packet"; do
      have "$id2" || continue
      if [ -z "$best" ] || awk -v a="$(rate "$id2")" -v b="$best" 'BEGIN { exit !(a > b) }'; then best=$(rate "$id2"); bid=$id2; fi
    done
    if [ -n "$bid" ] && have "$what-udp"; then
      echo "| $([ "$what" = rx ] && echo rx-drop || echo L2 fwd): best bypass port (${r_label[$bid]##* · }) / udp kernel socket | $(ratio "$best" "$(rate "$what-udp")") |"
    fi
  done
  echo
  echo "<details><summary>commands (core 0: the program under test; xdpgen on core 1 in ${nsb})</summary>"
  echo
  for id in "${rows[@]}"; do echo "- \`${id}\`: \`${r_cmd[$id]}\`"; done
  echo "- generator: \`ip netns exec ${nsb} taskset -c 1 ${xdpgen} -t $((warmup + seconds + 1)) -d ${ifb} ${mac_a} ${mac_b} ${ip_a} ${ip_b} 53 0\`"
  echo
  echo "</details>"
  echo
  echo "Reading the veth rows: \"idle polls\" is the share of forward's receive polls that found nothing. Where it is high,"
  echo "the program under test waited for traffic and the row is bounded by core 1: xdpgen plus the kernel's receive work for"
  echo "that path (XDP and a copy into the UMEM for af_xdp and net_af_xdp; an skb, GRO and the ring or socket delivery for"
  echo "af_packet, net_af_packet and udp). The kernel-socket ratio on veth then compares the kernel's per-packet work for each"
  echo "path, not the ports' own cost. The software rows have no generator: they measure the port and the program."
}

out="$logs/table.md"
table | tee "$out"
failed=0
for id in "${rows[@]}"; do [ -n "$(rate "$id")" ] || failed=$((failed + 1)); done

if [ "$write" = 1 ]; then
  readme=benchmarks/README.md
  if ! grep -q '<!-- ports:begin -->' "$readme" || ! grep -q '<!-- ports:end -->' "$readme"; then
    echo "ports.sh: $readme has no <!-- ports:begin --> … <!-- ports:end --> section to replace" >&2
    exit 1
  fi
  awk -v table="$out" '
    /<!-- ports:begin -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
    /<!-- ports:end -->/ { skip = 0 }
    !skip { print }' "$readme" >"$readme.tmp" && mv "$readme.tmp" "$readme"
  echo "ports.sh: wrote the table into $readme" >&2
fi
if [ "$failed" -gt 0 ]; then
  echo "ports.sh: $failed row(s) have no rate: see their notes (and --keep-logs DIR for the programs' output)" >&2
  exit 1
fi
