#!/usr/bin/env bash
# Soak bench: loops the demo video through the whole vision pipeline (BlazeFace, landmarks, blendshapes, ONNX
# classifier, CSV + annotated MP4 sinks) and samples the process's resident memory, which includes the native
# memory of TFLite, ONNX Runtime and FFmpeg. Flat RSS from the first minutes to the end = no leak.
# Usage: bench/soak.sh [loops] [sample-seconds]   (290 loops of 345 frames = 100,050 frames)
# Writes docs/live/soak.md and docs/live/soak.csv. Uses only bin/emotionlens and /proc.
# Throughput comes from the predictions file's growth (one line per face) between samples; the load average
# column says how busy the machine was, since other work on it slows the run down.
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
echo "seconds,rss_mib,predictions,load1" > "$csv"
start=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$pid/status" 2>/dev/null || true)
  lines=$( (wc -l < "$out/predictions.csv") 2>/dev/null || echo 0)
  predictions=$(( lines > 0 ? lines - 1 : 0 ))
  load=$(cut -d' ' -f1 /proc/loadavg)
  [ -n "$rss" ] && echo "$(( $(date +%s) - start )),$rss,$predictions,$load" | tee -a "$csv"
  sleep "$every"
done
wait "$launcher" || true
summary=$(grep '^pipeline demo' "$out/run.log" || tail -n 3 "$out/run.log")
awk -F, -v loops="$loops" -v summary="$summary" 'NR > 1 { n++; t[n] = $1; v[n] = $2; p[n] = $3; l[n] = $4; if ($2 > max) max = $2 }
  END {
    q = int(n / 4); if (q < 1) q = 1
    printf "# Soak: the demo video looped %d times through the vision pipeline\n\n", loops
    printf "Made by `bench/soak.sh %d`. Resident memory of the runtime process (JVM heap + native memory of\n", loops
    printf "TFLite, ONNX Runtime and FFmpeg) and predictions written (one per face), sampled every few seconds:\n"
    printf "data in soak.csv.\n\n"
    printf "| first sample | after the first quarter | last sample | max | samples |\n|---|---|---|---|---|\n"
    printf "| %s MiB | %s MiB | %s MiB | %s MiB | %d |\n\n", v[1], v[q], v[n], max, n
    printf "Throughput per quarter of the run (predictions per second between its first and last sample) and the\n"
    printf "machine'"'"'s mean 1-minute load average in it (2 cores here; above 2 the run shared the CPUs):\n\n"
    printf "| quarter | seconds | RSS at its end | predictions/s | mean load |\n|---|---|---|---|---|\n"
    for (k = 0; k < 4; k++) {
      a = k * q + 1; b = (k == 3) ? n : (k + 1) * q
      if (b <= a) continue
      s = 0; for (i = a; i <= b; i++) s += l[i]
      printf "| %d | %d-%d | %s MiB | %.1f | %.2f |\n", k + 1, t[a], t[b], v[b], (p[b] - p[a]) / (t[b] - t[a]), s / (b - a + 1)
    }
    printf "\nRun summary: `%s`\n", summary
  }' "$csv" | tee "$here/docs/live/soak.md"
