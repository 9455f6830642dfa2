#!/usr/bin/env bash
# Writes docs/dataset/bench.md: faces found per upscale size, dataset build's images per second with 1 and 2
# workers, and where the time of one image goes, on real FER2013 images from ../shared/data/fer2013.
# Usage: docs/dataset/bench.sh [images per class, default 100]   (a few minutes; run it on an otherwise idle machine)
set -euo pipefail
cd "$(dirname "$0")/../../bundles/emotion.dataset"
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
{
  echo "# dataset build: speed and the upscale size, on FER2013"
  echo
  echo "Made by \`docs/dataset/bench.sh ${1:-100}\` ($(nproc) cores; load average before the run: $(cut -d' ' -f1 /proc/loadavg))."
  echo
  java -Djava.awt.headless=true -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    org.emotionlens.dataset.internal.DatasetBench "${1:-100}"
} > ../../docs/dataset/bench.md.partial
mv ../../docs/dataset/bench.md.partial ../../docs/dataset/bench.md
echo "wrote docs/dataset/bench.md" >&2
