#!/usr/bin/env bash
# Every test: generator snapshots/diagnostics/caching, runtime properties, ports, pcap, packaging.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet build Dsl.sln -c Release -nologo -v quiet
dotnet test Dsl.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
