#!/usr/bin/env bash
# Soak bench: loops the demo video through the whole vision pipeline (BlazeFace, landmarks, blendshapes, ONNX
# classifier, CSV + annotated MP4 sinks) and samples the process's resident memory, which includes the native
# memory of TFLite, ONNX Runtime and FFmpeg. Flat RSS from the first minutes to the end = no leak.
# Usage: bench/soak.sh [loops] [sample-seconds]   (290 loops of 345 frames = 100,050 frames)
# Writes docs/live/soak.md and docs/live/soak.csv. Uses only bin/emotionlens and /proc.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
loops="${1:-290}"
every="${2:-10}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
csv="$here/docs/live/soak.csv"
mkdir -p "$here/docs/live"
# the demo video of the runtime that runs (EMOTIONLENS_DIST, as bin/emotionlens), so a rebuild meanwhile cannot touch it
dist="${EMOTIONLENS_DIST:-$here/runtime/target/emotionlens}"
"$here/bin/emotionlens" run --profile demo --set loops="$loops" --input "$dist/media/facemesh-demo.gif" --output "$out" \
  --quiet > "$out/run.log" 2>&1 &
launcher=$!
sleep 2
pid=$(pgrep -P "$launcher" java || echo "$launcher")
echo "seconds,rss_mib" > "$csv"
start=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$pid/status" 2>/dev/null || true)
  [ -n "$rss" ] && echo "$(( $(date +%s) - start )),$rss" | tee -a "$csv"
  sleep "$every"
done
wait "$launcher" || true
summary=$(grep '^pipeline demo' "$out/run.log" || tail -n 3 "$out/run.log")
awk -F, -v loops="$loops" -v summary="$summary" 'NR == 2 { first = $2 } NR > 1 { n++; v[n] = $2; if ($2 > max) max = $2 }
  END {
    q = int(n / 4); if (q < 1) q = 1
    printf "# Soak: the demo video looped %d times through the vision pipeline\n\n", loops
    printf "Made by `bench/soak.sh %d`. Resident memory of the runtime process (JVM heap + native memory of\n", loops
    printf "TFLite, ONNX Runtime and FFmpeg), sampled every few seconds: data in soak.csv.\n\n"
    printf "| first sample | after the first quarter | last sample | max | samples |\n|---|---|---|---|---|\n"
    printf "| %s MiB | %s MiB | %s MiB | %s MiB | %d |\n\n", first, v[q], v[n], max, n
    printf "Run summary: `%s`\n", summary
  }' "$csv" | tee "$here/docs/live/soak.md"
