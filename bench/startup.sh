#!/usr/bin/env bash
# Startup bench: milliseconds from JVM start to every pipeline running (first frame taken), as printed by the
# launcher, over several runs of a profile. Usage: bench/startup.sh [profile] [runs]  (default csv, 5).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
profile="${1:-csv}"
runs="${2:-5}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
times=()
for r in $(seq 1 "$runs"); do
  ms=$("$here/bin/emotionlens" run --profile "$profile" --output "$out" 2>/dev/null \
       | sed -n 's/^pipelines running \([0-9]*\) ms after start.*/\1/p')
  times+=("$ms")
  echo "run $r: $ms ms to first frame"
done
printf '%s\n' "${times[@]}" | sort -n | awk -v p="$profile" '{a[NR]=$1} END {
  printf "profile %s: min %d ms, median %d ms, max %d ms over %d runs\n", p, a[1], a[int((NR+1)/2)], a[NR], NR }'
