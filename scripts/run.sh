#!/usr/bin/env bash
# The main job: the authoritative DNS server on the fast path, serving the bundled sample zone
# (examples/dns/zones/example.com.zone) on a kernel UDP port on loopback, with a few kdig queries
# to show it answering; then it serves until Ctrl-C and prints its counters.
# Usage: scripts/run.sh [server options]   e.g. --stats, or --port af_packet:IFACE --ip ADDR (as root)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet build examples/dns -c Release -v quiet -nologo >/dev/null
args=(--zone examples/dns/zones/example.com.zone "$@")
dotnet examples/dns/bin/Release/net10.0/fastpath-dns.dll "${args[@]}" &
server=$!
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT INT TERM
# Ready when it answers (a few hundred milliseconds after start).
for _ in $(seq 50); do
  kdig @127.0.0.1 -p 5353 +retry=0 +timeout=1 example.com SOA >/dev/null 2>&1 && break
  sleep 0.2
done
for query in "www.example.com A" "example.com MX" "nope.example.com A"; do
  echo "\$ kdig @127.0.0.1 -p 5353 $query +norec"
  kdig @127.0.0.1 -p 5353 $query +norec +noall +header +answer +authority | grep -v '^;; Flags' || true
done
echo "serving example.com on udp 127.0.0.1:5353 (and TCP); query it with kdig as above; Ctrl-C stops it"
wait $server
