#!/usr/bin/env bash
# Run ParseBenchmarks, then print ns and cycles per packet and the ratios to Generated.
#
#   benchmarks/run-parse.sh                 # the default job (what gets published)
#   benchmarks/run-parse.sh --job short     # extra arguments go to BenchmarkDotNet
#   benchmarks/run-parse.sh --table-only    # print the table from the last run's CSV
#
# Cycles are ns × GHz with the clock from FASTPATH_MHZ, else lscpu's "CPU max MHz", else /proc/cpuinfo's "cpu MHz":
# this VM exposes no cycle counter to perf, so it is an estimate at nominal clock, not a count.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
artifacts="$root/benchmarks/BenchmarkDotNet.Artifacts"
csv="$artifacts/results/Fastpath.Benchmarks.ParseBenchmarks-report.csv"

if [[ "${1:-}" == "--table-only" ]]; then
    shift
else
    rm -f "$csv"
    dotnet run -c Release --project "$root/benchmarks/Fastpath.Benchmarks" -- \
        --filter '*ParseBenchmarks*' --artifacts "$artifacts" "$@"
fi

if [[ ! -f "$csv" ]]; then
    echo "run-parse.sh: no results at $csv" >&2
    exit 1
fi

# FASTPATH_MHZ overrides the clock (the developers' guide reports this EPYC at its nominal 2100 MHz).
mhz="${FASTPATH_MHZ:-}"
source_of_clock="FASTPATH_MHZ"
if [[ -z "$mhz" ]]; then
    mhz="$(lscpu 2>/dev/null | awk -F: '/^CPU max MHz/ { gsub(/ /, "", $2); print $2; exit }')"
    source_of_clock="lscpu CPU max MHz"
fi
if [[ -z "$mhz" ]]; then
    mhz="$(awk -F: '/^cpu MHz/ { gsub(/ /, "", $2); print $2; exit }' /proc/cpuinfo)"
    source_of_clock="/proc/cpuinfo cpu MHz"
fi

MHZ="$mhz" CLOCK_SOURCE="$source_of_clock" python3 - "$csv" <<'PY'
import csv, os, sys

# BenchmarkDotNet writes times with their unit ("12.34 ns", "1,234.5 ns", "1.2 μs") and sizes likewise ("0 B", "1.5 KB").
TIME = {"ns": 1.0, "us": 1e3, "μs": 1e3, "µs": 1e3, "ms": 1e6, "s": 1e9}
SIZE = {"B": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}

def number(text, units):
    text = text.strip().replace(",", "")
    if text in ("", "-", "NA", "?"):
        return None
    value, _, unit = text.partition(" ")
    return float(value) * units.get(unit or next(iter(units)), 1.0)

ghz = float(os.environ["MHZ"]) / 1000.0
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    rows = list(csv.DictReader(f))

baseline = {r["Case"]: number(r["Mean"], TIME) for r in rows if r["Method"] == "Generated"}
print(f"Clock: {ghz:.3f} GHz ({os.environ['CLOCK_SOURCE']}); cycles = ns x GHz, an estimate, not a counter reading.")
print()
print(f"| {'Case':<12} | {'Method':<12} | {'ns/packet':>9} | {'cycles/packet':>13} | {'vs Generated':>12} | {'allocated/packet':>16} |")
print(f"|{'-' * 14}|{'-' * 14}|{'-' * 10}:|{'-' * 14}:|{'-' * 13}:|{'-' * 17}:|")
for r in rows:
    ns = number(r["Mean"], TIME)
    base = baseline.get(r["Case"])
    allocated = r.get("Allocated", "-").strip() or "-"
    if ns is None:
        print(f"| {r['Case']:<12} | {r['Method']:<12} | {'n/a':>9} | {'n/a':>13} | {'n/a':>12} | {allocated:>16} |")
        continue
    ratio = f"{ns / base:.2f}x" if base else "n/a"
    print(f"| {r['Case']:<12} | {r['Method']:<12} | {ns:>9.2f} | {ns * ghz:>13.1f} | {ratio:>12} | {allocated:>16} |")
PY
