#!/usr/bin/env bash
# Compile the af_xdp port's XDP program to src/Xdp/bin/fastpath_xdp.o (not committed). Run by
# scripts/setup.sh; safe to run again (rebuilds only when the source is newer than the object).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/fastpath_xdp.c"
out="$here/bin/fastpath_xdp.o"
if [ -f "$out" ] && [ "$out" -nt "$src" ]; then
  exit 0
fi
command -v clang >/dev/null 2>&1 || { echo "xdp: clang not found: run scripts/setup.sh (installs clang, llvm, libbpf-dev)" >&2; exit 1; }
mkdir -p "$here/bin"
# -g keeps BTF, which libbpf needs for the map definitions; asm/ headers live in the multiarch dir.
clang -O2 -g -Wall -Werror -target bpf -I"/usr/include/$(uname -m)-linux-gnu" -c "$src" -o "$out.tmp"
mv "$out.tmp" "$out"
echo "xdp: built $out"
