#!/usr/bin/env bash
# Every test: generator snapshots/diagnostics/caching, runtime properties, ports, pcap, packaging,
# the DNS server (the main job) answering kdig, and pcapstat on the sample capture checked against
# tshark's own count.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet build Dsl.sln -c Release -nologo -v quiet

echo "== pcapstat on samples/data/sample.pcap"
out=$(dotnet samples/PcapStats/bin/Release/net10.0/pcapstat.dll samples/data/sample.pcap)
echo "$out"
expected=$(tshark -r samples/data/sample.pcap 2>/dev/null | wc -l)
grep -q "^pcap:samples/data/sample.pcap: $expected packets" <<<"$out" \
  || { echo "pcapstat: expected $expected packets (tshark's count)" >&2; exit 1; }

echo "== main job: the DNS server answers kdig"
dotnet examples/dns/bin/Release/net10.0/fastpath-dns.dll --zone examples/dns/zones/example.com.zone --port udp:127.0.0.1:5353 &
server=$!
answer=""
for _ in $(seq 50); do
  answer=$(kdig @127.0.0.1 -p 5353 +retry=0 +timeout=1 +short www.example.com A 2>/dev/null || true)
  [ -n "$answer" ] && break
  sleep 0.2
done
kill -TERM $server; wait $server || true  # TERM: a background job of a script ignores SIGINT
echo "$answer"
grep -qx "192.0.2.80" <<<"$answer" || { echo "main job: www.example.com A should end in 192.0.2.80 (a CNAME chain)" >&2; exit 1; }

echo "== unit, property and integration tests"
log=$(mktemp)
status=0
dotnet test Dsl.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
# One plain closing line over every test assembly.
# (awk, not grep: a run with no failures has no "Failed:" line, and grep's exit 1 would end the script here.)
passed=$(awk '/^[[:space:]]+Passed: [0-9]+/ {s += $2} END {print s + 0}' "$log")
failed=$(awk '/^[[:space:]]+Failed: [0-9]+/ {s += $2} END {print s + 0}' "$log")
rm -f "$log"
echo "$passed passed, $failed failed"
exit $status
