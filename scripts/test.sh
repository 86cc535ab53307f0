#!/usr/bin/env bash
# Every test: generator snapshots/diagnostics/caching, runtime properties, ports, pcap, packaging,
# and the main job (pcapstat on the sample capture) checked against tshark's own count.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet build Dsl.sln -c Release -nologo -v quiet

echo "== main job: pcapstat on samples/data/sample.pcap"
out=$(dotnet samples/PcapStats/bin/Release/net10.0/pcapstat.dll samples/data/sample.pcap)
echo "$out"
expected=$(tshark -r samples/data/sample.pcap 2>/dev/null | wc -l)
grep -q "^pcap:samples/data/sample.pcap: $expected packets" <<<"$out" \
  || { echo "main job: expected $expected packets (tshark's count)" >&2; exit 1; }

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
