#!/usr/bin/env bash
# The main job: read a capture with the generated standard parser and print per-protocol counts.
# Usage: scripts/run.sh [capture.pcap | kind:args]   (default: the sample capture in samples/data)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet build samples/PcapStats -c Release -v quiet -nologo >/dev/null
dotnet samples/PcapStats/bin/Release/net10.0/pcapstat.dll "${1:-samples/data/sample.pcap}"
