#!/usr/bin/env bash
# Rebuilds everything in docs/dataset/fer2013/ from the FER2013 zip (../shared/data/fer2013/fer2013-images.zip):
#   1. the paper's data set, the one the classifiers train on (out/fer2013: Table 2 caps on train, MediaPipe
#      detectability filter, 1 flipped/rotated copy of every kept training image, 52 blendshapes + landmarks);
#   2. every image without caps or augmentation, at the default upscale (64 px) and at the native 48x48;
#   3. the capped training set at 48x48;
# then writes tables.md (Tables 1-3 beside the paper's), copies the summaries, selection reports and class-count
# plots, and draws contact sheets of the training images MediaPipe found no face in.
# Usage: docs/dataset/fer2013/make.sh      (about 20 minutes on 2 cores; needs ../shared beside the checkout)
# A complete build is not repeated (REBUILD=1 repeats it); an interrupted one continues where it stopped.
set -euo pipefail
cd "$(dirname "$0")/../../.."
zip=../shared/data/fer2013/fer2013-images.zip
work=out/fer2013-variants
doc=docs/dataset/fer2013
el=bin/emotionlens

build() { # <name> <out> [options...]: one build, its log kept beside its output
  local name=$1 out=$2
  shift 2
  if [ -f "$out/counts.csv" ] && [ ! -f "$out/build.checkpoint" ] && [ "${REBUILD:-0}" != 1 ]; then
    echo "== $name: $out is complete (REBUILD=1 to build it again)" >&2
    return
  fi
  echo "== $name: dataset build --images $zip --out $out $*" >&2
  mkdir -p "$out"
  local start=$SECONDS
  $el dataset build --images "$zip" --out "$out" "$@" > "$out.log"
  echo "$((SECONDS - start)) $(nproc) $(cut -d' ' -f1 /proc/loadavg)" > "$out/build-seconds"
}
build "paper's data set (64 px)" out/fer2013 --landmarks
build "all images, 64 px" $work/all-64 --caps none --augment 0
build "all images, 48 px" $work/all-48 --caps none --augment 0 --upscale 0
build "capped training images, 48 px" $work/capped-48 --splits train --augment 0 --upscale 0

mkdir -p "$doc"
for v in paper-64:out/fer2013 all-64:$work/all-64 all-48:$work/all-48 capped-48:$work/capped-48; do
  name=${v%%:*}
  dir=${v#*:}
  mkdir -p "$doc/$name"
  cp "$dir/summary.md" "$dir/counts.csv" "$dir/class-counts.csv" "$dir/class-counts.png" "$doc/$name/"
  if [ -f "$dir/build-seconds" ]; then cp "$dir/build-seconds" "$doc/$name/"; fi
done
mkdir -p "$doc/paper-64/report"
cp out/fer2013/report/selection.md out/fer2013/report/selection.csv out/fer2013/report/figure5-scatter.png "$doc/paper-64/report/"
$el dataset sheet --images "$zip" --dropped out/fer2013/dropped.csv --split train --per-class 10 --out "$doc/dropped-train-64.png"
$el dataset sheet --images "$zip" --dropped $work/capped-48/dropped.csv --split train --per-class 10 --out "$doc/dropped-train-48.png"
"$doc/tables.sh" "$doc" > "$doc/tables.md"
echo "wrote $doc" >&2
