#!/usr/bin/env bash
# Regenerates docs/compare/detectors: MediaPipe's short-range BlazeFace (profile demo / fer2013-test) beside the
# full-range one (demo-fullrange / fer2013-test-fullrange) on the demo video and on FER2013's 3,589 PrivateTest
# images, each pair in one container on one decoded input. Needs face_detection_full_range.tflite where the
# model locator looks: `bin/emotionlens models fetch` gets it (npm); a run without it stops with exit 2 saying so.
set -euo pipefail
cd "$(dirname "$0")/../../.."
bin/emotionlens compare --profiles demo,demo-fullrange --output docs/compare/detectors/demo-video --quiet
bin/emotionlens compare --profiles fer2013-test,fer2013-test-fullrange --labels folders \
  --output docs/compare/detectors/fer2013-test --quiet
# The same with MediaPipe's own preprocessing for the full-range model (the picture fills its 192x192 input).
bin/emotionlens compare --profiles fer2013-test,fer2013-test-fullrange --labels folders --set zoom.out=1 \
  --output docs/compare/detectors/fer2013-test-zoom1 --quiet
