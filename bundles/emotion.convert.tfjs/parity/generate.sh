#!/usr/bin/env bash
# The TF.js parity fixture of the peer model in one command, from the project root or anywhere:
#
#   bundles/emotion.convert.tfjs/parity/generate.sh [--verify]
#
# 1. TfjsParityCrops (test tree of emotion.convert.tfjs) computes the 64x64 grey face crops the Java pipeline feeds
#    the peer model and writes them to out/tfjs-parity/crops.json (FER2013 pixels: out/ is not committed);
# 2. generate.mjs runs Human's original TF.js model on them in headless Chromium and writes
#    src/test/resources/tfjs-parity.json (with --verify: compares with the committed file instead).
# Needs ../shared beside the checkout (face_landmarker.task, fer2013-images.zip), Debian's chromium, node and npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
project="$(cd "$here/../../.." && pwd)"
cd "$project"
module=bundles/emotion.convert.tfjs
mvn -B -q test-compile dependency:build-classpath -pl "$module" -Dmdep.outputFile=target/tfjs-parity-classpath.txt \
  -Dmdep.includeScope=test 2>&1 | sed 's/\x1b\[[0-9;]*m//g'
java -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/tfjs-parity-classpath.txt")" \
  -Demotionlens.project=. -Demotionlens.shared="${EMOTIONLENS_SHARED:-../shared}" \
  org.emotionlens.convert.tfjs.internal.TfjsParityCrops out/tfjs-parity/crops.json
cd "$here"
[ -d node_modules/@tensorflow/tfjs ] || npm ci
node generate.mjs --crops "$project/out/tfjs-parity/crops.json" "$@"
