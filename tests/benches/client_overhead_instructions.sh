#!/usr/bin/env bash
# Per-request overhead of the generated client as an instruction count: the same
# `client_overhead` bench binary, run under callgrind for each client at two call counts;
# the difference of the client thread's totals divided by the difference of the counts is
# the cost of one call (setup, the equality check and the server's thread are left out).
# Instruction counts do not depend on what else the machine is doing, unlike the criterion
# timings.
#
# Usage: tests/benches/client_overhead_instructions.sh [FEW MANY]   (default 50 550)
# Needs valgrind. Prints instructions per call for each client and their ratio.
set -euo pipefail
few=${1:-50}
many=${2:-550}
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }
cd "$(dirname "$0")/../.."
bin=$(cargo bench -p hcgen-tests --bench client_overhead --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "client_overhead" and m.get("executable"):
        print(m["executable"])')
[ -n "$bin" ] || { echo "could not build the client_overhead bench" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
count() { # client calls -> instructions of the client (main) thread
    rm -f "$out"/cg*
    CLIENT_OVERHEAD_COUNT="$1:$2" valgrind --tool=callgrind --separate-threads=yes \
        --callgrind-out-file="$out/cg" "$bin" --bench >/dev/null 2>&1
    sed -n 's/^summary: \([0-9]*\).*/\1/p' "$out/cg-01"
}
declare -A per_call
for client in generated hand_written_reqwest; do
    a=$(count "$client" "$few")
    b=$(count "$client" "$many")
    per_call[$client]=$(( (b - a) / (many - few) ))
    echo "$client: ${per_call[$client]} instructions per call ($few calls: $a, $many calls: $b)"
done
python3 -c "import sys; g, h = map(int, sys.argv[1:]); print(f'ratio generated/hand-written = {g / h:.3f} (instructions per call on the client thread)')" \
    "${per_call[generated]}" "${per_call[hand_written_reqwest]}"
