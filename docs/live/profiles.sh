#!/usr/bin/env bash
# The media profiles of docs/live/README.md, each run once on this machine: writes docs/live/profiles.md with the
# command, the exit code and what the run printed (summary, warnings, errors), so the README quotes no run by hand.
#
#   docs/live/profiles.sh        (about 3 minutes on 2 shared cores)
#
# demo, video, paper and ablation-dense run the demo video (their frames/s are this machine's, under whatever else
# ran); gpu needs the GPU build of ONNX Runtime (mvn -B -q install -DskipTests -Pgpu) and otherwise stops with the
# message that says so; stream has no server at its default URL and camera no /dev/video0 here, so both show their
# error message.
set -uo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$here"
out=out/live-profiles
rm -rf "$out"
mkdir -p "$out"
doc=docs/live/profiles.md
runs=(
  "demo|run --profile demo --output $out/demo"
  "video|run --profile video --output $out/video"
  "paper|run --profile paper --output $out/paper"
  "ablation-dense|run --profile ablation-dense --output $out/ablation-dense"
  "gpu|run --profile gpu --output $out/gpu"
  "stream|run --profile stream --output $out/stream"
  "camera|run --profile camera --output $out/camera"
)
{
  echo "# The media profiles, run once"
  echo
  echo "Made by \`docs/live/profiles.sh\` on $(date +%Y-%m-%d), $(nproc) cores shared with other jobs (frames/s and"
  echo "times are this machine's under that load). Each block: the command, its exit code, and the lines it printed"
  echo "other than start-up chatter (TFLite's and FFmpeg's notices, FFmpeg's per-attempt connection lines, the start-up time)."
} > "$doc"
for r in "${runs[@]}"; do
  name=${r%%|*}
  cmd=${r#*|}
  echo "== bin/emotionlens $cmd"
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  bin/emotionlens $cmd --quiet > "$out/$name.txt" 2>&1
  rc=$?
  wall=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
  cat "$out/$name.txt"
  {
    echo
    echo "## $name"
    echo
    echo "\`bin/emotionlens $cmd\`: exit $rc, $wall s wall"
    echo
    echo '```'
    grep -v -E '^(INFO: Created TensorFlow Lite|Warning: Version of org.bytedeco|pipelines running [0-9]+ ms after start|\[tcp @ )' \
      "$out/$name.txt" | sed -E "s|$here/||g; s/@[0-9a-f]{6,8}\b/@<id>/g" | cut -c1-600  # object ids differ run to run
    echo '```'
  } >> "$doc"
done
echo "written: $doc"
