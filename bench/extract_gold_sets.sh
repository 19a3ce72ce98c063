#!/usr/bin/env bash
# Extract every gold set to OUT/<set>/*.json (the gold format) with the hash seed fixed, so two
# versions of the code can be compared byte for byte:
#
#   bench/extract_gold_sets.sh /tmp/before   # on the old commit
#   bench/extract_gold_sets.sh /tmp/after    # on the new one
#   diff -r /tmp/before /tmp/after && echo identical
#
# The seed is fixed because a few outputs still depend on it (a cooperative's surface spelling
# in ../shared/realdev/corpus/h201_73297184.txt changes with PYTHONHASHSEED).
set -euo pipefail
out=$(realpath -m "${1:?usage: bench/extract_gold_sets.sh OUT}")
cd "$(dirname "$0")/.."
vnfacts=${VNFACTS:-.venv/bin/vnfacts}
export PYTHONHASHSEED=0
rm -rf "$out"; mkdir -p "$out"
for s in ../shared/corpus ../shared/realdev/corpus tests/heldout*/corpus tests/realpages/corpus; do
  [ -d "$s" ] || { echo "skipped $s (not here)" >&2; continue; }
  "$vnfacts" extract "$s" --out "$out/$(echo "$s" | tr '/.' '__')" >/dev/null
done
