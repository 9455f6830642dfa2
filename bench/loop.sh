#!/usr/bin/env bash
# Frame loop bench: the demo profile (BlazeFace, landmarks, blendshapes, lstm-paper, predictions.csv and the annotated
# MP4) with the emotion.pipeline bundle as committed at a git ref ("before", default main) and as built in this
# checkout ("after"), alternating before/after so both see the same machine load. Prints each run's frames/s (from
# the launcher's summary), the median of each and their ratio, the load average at start and end, and checks that
# both give the same predictions.csv and an MP4 holding every counted frame. CPU seconds per run show what the extra
# threads cost; frames/s can only gain from them where a core is free. Writes docs/pipeline/loop-bench.md.
# Usage: bench/loop.sh [ref] [runs]   (default main 5; the runtime must be built: mvn -B -q install -DskipTests)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
ref="${1:-main}"
runs="${2:-5}"
dist="$here/runtime/target/emotionlens"
[ -f "$dist/lib/emotion.runtime.jar" ] || { echo "bench/loop.sh: build the runtime first (mvn -B -q install -DskipTests)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The pipeline bundle at $ref, built alone against the installed parent poms.
mkdir -p "$tmp/src"
git -C "$here" archive "$ref" pom.xml bundles/pom.xml bundles/emotion.pipeline | tar -x -C "$tmp/src"
[ -d "$here/.mvn" ] && cp -r "$here/.mvn" "$tmp/src/"
(cd "$tmp/src" && { mvn -B -q -o package -DskipTests -f bundles/emotion.pipeline/pom.xml >/dev/null 2>&1 \
  || mvn -B -q package -DskipTests -f bundles/emotion.pipeline/pom.xml >/dev/null; })
jar=emotion.pipeline-0.1.0-SNAPSHOT.jar
mkdir -p "$tmp/before/bundles"
ln -s "$dist/lib" "$tmp/before/lib"
ln -s "$dist/media" "$tmp/before/media"
for b in "$dist"/bundles/*; do
  [ "$(basename "$b")" = "$jar" ] || ln -s "$b" "$tmp/before/bundles/"
done
cp "$tmp/src/bundles/emotion.pipeline/target/$jar" "$tmp/before/bundles/$jar"

load() { cut -d' ' -f1-3 /proc/loadavg; }
fps() { sed -n 's/^pipeline demo finished: .* \([0-9.]*\) frames\/s.*/\1/p' "$1"; }
frames() { sed -n 's/^pipeline demo finished: \([0-9]*\) frames.*/\1/p' "$1"; }
# Mean ms per frame of the stages on the loop's thread (all but sinks) and of the sinks, from the summary.
stagems() { sed -n 's/^pipeline demo finished: .*ms per frame mean\/p95: //p' "$1" | tr ',' '\n' \
  | awk '{split($2, m, "/"); if ($1 == "sinks") s += m[1]; else l += m[1]} END {printf "%.1f | %.1f", l, s}'; }
mp4frames() { sed -n 's/.*demo.mp4 finished, \([0-9]*\) frames.*/\1/p' "$1"; }
load_start=$(load)
rows=()
for r in $(seq 1 "$runs"); do
  for v in before after; do
    d="$dist"; [ "$v" = before ] && d="$tmp/before"
    TIMEFORMAT='%U %S'
    { time EMOTIONLENS_DIST="$d" "$here/bin/emotionlens" run --profile demo --output "$tmp/out-$v-$r" \
        >"$tmp/log-$v-$r" 2>&1; } 2>"$tmp/cpu-$v-$r" \
      || { echo "bench/loop.sh: the $v run $r failed:" >&2; tail -5 "$tmp/log-$v-$r" >&2; exit 1; }
    cpu=$(awk '{printf "%.1f", $1 + $2}' "$tmp/cpu-$v-$r")
    [ "$(frames "$tmp/log-$v-$r")" = "$(mp4frames "$tmp/log-$v-$r")" ] \
      || { echo "bench/loop.sh: the $v run $r's MP4 does not hold every counted frame" >&2; exit 1; }
    cmp -s "$tmp/out-before-1/predictions.csv" "$tmp/out-$v-$r/predictions.csv" \
      || { echo "bench/loop.sh: the $v run $r wrote other predictions than the first run" >&2; exit 1; }
    f=$(fps "$tmp/log-$v-$r")
    rows+=("| $r | $v | $f | $(awk -v f="$f" 'BEGIN {printf "%.1f", 1000 / f}') | $(stagems "$tmp/log-$v-$r") | $cpu | $(load) |")
    echo "run $r $v: $f frames/s, $cpu s CPU (load $(load))"
  done
done
load_end=$(load)
med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
before=$(med $(for r in $(seq 1 "$runs"); do fps "$tmp/log-before-$r"; done))
after=$(med $(for r in $(seq 1 "$runs"); do fps "$tmp/log-after-$r"; done))
ratio=$(awk -v a="$after" -v b="$before" 'BEGIN {printf "%.2f", a / b}')
summary=$(grep '^pipeline demo finished' "$tmp/log-after-$runs")
{
  echo "# Frame loop: demo profile before and after"
  echo
  echo "Written by \`bench/loop.sh $ref $runs\` on $(date -u +%Y-%m-%d), $(nproc) cores, load average (1/5/15 min)"
  echo "$load_start at the start and $load_end at the end (the machine is shared: compare the ratio, not the figures)."
  echo "\"before\": the emotion.pipeline bundle at \`$ref\`; \"after\": this checkout's. Runs alternate; every run wrote"
  echo "the same predictions.csv and an MP4 holding every frame its summary counts."
  echo
  echo "| run | pipeline | frames/s | elapsed ms per frame | ms per frame in the stages before the sinks | ms per frame in the sinks | CPU seconds (user + system, whole launcher) | load average after the run |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Median frames/s: before $before, after $after; ratio after/before **$ratio**."
  echo
  echo "Stage times are wall-clock means per frame from each run's summary. Before, one thread ran every stage, so the"
  echo "elapsed time per frame is about the stages' time plus the sinks' time; after, the sinks run on their own thread"
  echo "and the elapsed time per frame is about the larger of the two where a core is free for each."
  echo
  echo "Last run's summary (after):"
  echo
  echo '```'
  echo "$summary" | sed "s#$tmp#<tmp>#g"
  echo '```'
} > "$here/docs/pipeline/loop-bench.md"
echo "median frames/s: before $before, after $after, ratio $ratio (docs/pipeline/loop-bench.md)"
