#!/usr/bin/env bash
# The MediaPipe landmarker speed bench behind docs/landmarker/bench.md:
#
#   docs/landmarker/bench.sh        (about 3 minutes on 2 shared cores)
#
# LandmarkerBench (demo video, tracking vs detector on every frame, 1 and 2 TFLite threads) writes the file, then
# BlendshapeConcurrencyBench appends its table. Both live in the test tree of bundles/emotion.landmarker and need
# ../shared/models/face_landmarker.task and the facemesh demo video (fetched with npm into the test cache).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$here"
module=bundles/emotion.landmarker
mvn -B -q test-compile dependency:build-classpath -pl "$module" -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test 2>&1 | sed 's/\x1b\[[0-9;]*m//g'
cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench-classpath.txt")"
shared="-Demotionlens.shared=${EMOTIONLENS_SHARED:-../shared}"
java -cp "$cp" "$shared" org.emotionlens.landmarker.internal.bench.LandmarkerBench docs/landmarker/bench.md
java -cp "$cp" "$shared" org.emotionlens.landmarker.internal.bench.BlendshapeConcurrencyBench docs/landmarker/bench.md
echo "written: docs/landmarker/bench.md"
