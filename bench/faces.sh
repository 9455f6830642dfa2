#!/usr/bin/env bash
# Faces bench: one profile as the runtime ran it before this work (the classifier on ONNX Runtime, one face after
# another through the landmark model) against the classifier's Java engine (engine=auto) and against that plus the
# faces of a frame landmarked two at a time (face.threads=2), runs alternating so all see the same machine load.
# Prints each run's frames/s (from the launcher's summary) and CPU seconds, the medians and their ratios to
# "before", and checks that every run wrote the same labels, and that runs on the same engine wrote the same
# predictions.csv. Writes docs/pipeline/faces-bench-<profile>-<faces>.md.
# Usage: bench/faces.sh [profile] [faces] [runs]   (default speed 4 3; build first: mvn -B -q install -DskipTests)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
profile="${1:-speed}"
faces="${2:-4}"
runs="${3:-3}"
[ -f "$here/runtime/target/emotionlens/lib/emotion.runtime.jar" ] \
  || { echo "bench/faces.sh: build the runtime first (mvn -B -q install -DskipTests)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

variants=(before java)
[ "$faces" -ge 2 ] && variants+=(java-2) # with one face there is nothing to run at once
settings() {
  case "$1" in
    before) echo "--set engine=onnxruntime --set face.threads=1" ;;
    java) echo "--set engine=auto --set face.threads=1" ;;
    java-2) echo "--set engine=auto --set face.threads=2" ;;
  esac
}
describe() {
  case "$1" in
    before) echo "ONNX Runtime, faces one after another (as before)" ;;
    java) echo "Java engine (engine=auto), faces one after another" ;;
    java-2) echo "Java engine, two faces at a time (face.threads=2)" ;;
  esac
}
load() { cut -d' ' -f1-3 /proc/loadavg; }
fps() { sed -n "s/^pipeline $profile finished: .* \\([0-9.]*\\) frames\\/s.*/\\1/p" "$1"; }
stages() { sed -n "s/^pipeline $profile finished: .*ms per frame mean\\/p95: //p" "$1" | tr ',' '\n' \
  | awk '{split($2, m, "/"); printf "%s%s %s", (NR > 1 ? ", " : ""), $1, m[1]}'; }
labels() { cut -d, -f1-13 "$1"; }

load_start=$(load)
rows=()
for r in $(seq 1 "$runs"); do
  for v in "${variants[@]}"; do
    TIMEFORMAT='%U %S'
    # shellcheck disable=SC2046
    { time "$here/bin/emotionlens" run --profile "$profile" --set faces="$faces" $(settings "$v") \
        --output "$tmp/out-$v-$r" >"$tmp/log-$v-$r" 2>&1; } 2>"$tmp/cpu-$v-$r" \
      || { echo "bench/faces.sh: the $v run $r failed:" >&2; tail -5 "$tmp/log-$v-$r" >&2; exit 1; }
    cpu=$(awk '{printf "%.1f", $1 + $2}' "$tmp/cpu-$v-$r")
    [ "$(labels "$tmp/out-before-1/predictions.csv")" = "$(labels "$tmp/out-$v-$r/predictions.csv")" ] \
      || { echo "bench/faces.sh: the $v run $r wrote other labels than the first run" >&2; exit 1; }
    first="$tmp/out-$v-1/predictions.csv"; [ "$v" = java-2 ] && first="$tmp/out-java-1/predictions.csv"
    cmp -s "$first" "$tmp/out-$v-$r/predictions.csv" \
      || { echo "bench/faces.sh: the $v run $r wrote other predictions than the first run on its engine" >&2; exit 1; }
    f=$(fps "$tmp/log-$v-$r")
    rows+=("| $r | $(describe "$v") | $f | $(stages "$tmp/log-$v-$r") | $cpu | $(load) |")
    echo "run $r $v: $f frames/s, $cpu s CPU (load $(load))"
  done
done
load_end=$(load)
med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A median
for v in "${variants[@]}"; do
  median[$v]=$(med $(for r in $(seq 1 "$runs"); do fps "$tmp/log-$v-$r"; done))
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
# a variant's frames/s over before's in the same round, min and median over the rounds
round_ratios() {
  local v="$1" r; local all=()
  for r in $(seq 1 "$runs"); do all+=("$(ratio "$(fps "$tmp/log-$v-$r")" "$(fps "$tmp/log-before-$r")")"); done
  printf '%s / %s' "$(printf '%s\n' "${all[@]}" | sort -n | head -1)" "$(med "${all[@]}")"
}
out="$here/docs/pipeline/faces-bench-$profile-$faces.md"
{
  echo "# Faces bench: profile $profile, $faces faces"
  echo
  echo "Written by \`bench/faces.sh $profile $faces $runs\` on $(date -u +%Y-%m-%d), $(nproc) cores, load average (1/5/15 min)"
  echo "$load_start at the start and $load_end at the end (the machine is shared: compare the ratios, not the figures)."
  echo "Runs alternate, one round = one run of each variant; every run wrote the same labels as the first, and runs on the same engine the same predictions.csv"
  echo "(the engines' probabilities differ below 1e-5: docs/speed/classifier.md)."
  echo
  echo "| run | variant | frames/s | ms per frame per stage (mean) | CPU seconds (user + system, whole launcher) | load average after the run |"
  echo "| --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "| variant | median frames/s | ratio to before in the same round (min / median) |"
  echo "| --- | --- | --- |"
  for v in "${variants[@]}"; do
    echo "| $(describe "$v") | ${median[$v]} | $(round_ratios "$v") |"
  done
} > "$out"
echo "median frames/s: $(for v in "${variants[@]}"; do printf '%s %s, ' "$v" "${median[$v]}"; done)(${out#"$here"/})"
