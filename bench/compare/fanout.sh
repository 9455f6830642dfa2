#!/usr/bin/env bash
# Fan-out bench: frames/s of one pipeline vs N variants compared in one container on the same input.
# Variants sharing detector and landmarker should cost only their extra stages (feature pass-through + classifier).
# Usage: bench/compare/fanout.sh [runs] [input]   (default 3 runs on the demo video). Prints a table and writes
# docs/compare/fanout.md. Uses only bin/emotionlens.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${1:-3}"
input="${2:-$here/runtime/target/emotionlens/media/facemesh-demo.gif}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
el="$here/bin/emotionlens"

fps_of() { grep -o '[0-9.]* frames/s' "$1" | head -n 1 | cut -d' ' -f1; }

printf "%-36s %4s %10s\n" "configuration" "run" "frames/s"
rows=""
for r in $(seq 1 "$runs"); do
  "$el" run --profile demo --input "$input" --output "$out/one" --quiet > "$out/one.txt" 2>&1
  one=$(fps_of "$out/one.txt")
  "$el" compare --profiles demo,demo-dense,demo-ours --input "$input" --output "$out/three" --quiet \
    > "$out/three.txt" 2>&1
  three=$(grep '^| demo |' "$out/three.txt" | awk -F'|' '{print $12}' | tr -d ' ')
  printf "%-36s %4s %10s\n" "1 pipeline (demo)" "$r" "$one"
  printf "%-36s %4s %10s\n" "3 variants, shared detect+landmarks" "$r" "$three"
  rows="$rows| $r | $one | $three | $(awk -v a="$three" -v b="$one" 'BEGIN{printf "%.2f", a/b}') |\n"
done
mkdir -p "$here/docs/compare"
{
  echo "# Fan-out: one pipeline vs three variants in one container"
  echo
  echo "Made by \`bench/compare/fanout.sh $runs\` on $(nproc) cores, input: $(basename "$input")."
  echo "Three variants (lstm-paper, dense, ours) share one decoding and one run of BlazeFace + landmarks;"
  echo "each adds only its feature pass-through and classifier. Ratio = frames/s of the three-variant run over"
  echo "the single pipeline's, measured back to back in the same run of this script."
  echo
  echo "| run | 1 pipeline frames/s | 3 variants frames/s (each) | ratio |"
  echo "|---|---|---|---|"
  printf "%b" "$rows"
} > "$here/docs/compare/fanout.md"
echo "written: docs/compare/fanout.md"
