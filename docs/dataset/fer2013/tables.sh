#!/usr/bin/env bash
# tables.sh <docs/dataset/fer2013>: Tables 1-3 of the paper beside ours, from the counts.csv files that make.sh
# copied there (step,split,class,count as written by dataset build). The paper's figures are its Tables 1-3.
set -euo pipefail
doc=$1
classes="happy sad angry fear surprise disgust neutral"

count() { # <variant> <step> <split> <class>
  awk -F, -v s="$2" -v p="$3" -v c="$4" '$1 == s && $2 == p && $3 == c { n = $4 } END { print n + 0 }' "$doc/$1/counts.csv"
}
row() { # <label> <variant> <step> <split>: one table row over the classes, with the total
  local out="| $1" total=0 n
  for c in $classes; do
    n=$(count "$2" "$3" "$4" "$c")
    out="$out | $n"
    total=$((total + n))
  done
  echo "$out | $total |"
}
paper_row() { # <label> <7 numbers>
  local label=$1 total=0 out
  shift
  out="| $label"
  for n in "$@"; do
    if [ "$n" = "-" ]; then out="$out | -"; else out="$out | $n"; total=$((total + n)); fi
  done
  echo "$out | $total |"
}
header() {
  echo "| $1 | happy | sad | angry | fear (afraid) | surprise | disgust | neutral | total |"
  echo "|---|---|---|---|---|---|---|---|---|"
}

echo "# FER2013 data set: the paper's tables beside ours"
echo
echo "Made by \`docs/dataset/fer2013/tables.sh docs/dataset/fer2013\` (run by \`docs/dataset/fer2013/make.sh\`) from the"
echo "\`counts.csv\` of each build; the paper's rows are its Tables 1-3."
echo
echo "## Table 1: images per class and split"
echo
header "split"
paper_row "paper: training" 7215 4830 3995 4097 3171 436 4965
row "ours: train" all-64 read train
paper_row "paper: public test" 895 653 467 496 415 56 607
row "ours: validation" all-64 read validation
paper_row "paper: private test" 879 594 491 528 416 55 626
row "ours: test" all-64 read test
echo
echo "## Table 2: training images per class after the caps"
echo
header "set"
paper_row "paper (disgust: all)" 4000 4000 1500 1500 1500 - 1500
row "ours" paper-64 capped train
echo
echo "## Table 3: training images MediaPipe finds no face in"
echo
echo "The paper does not say whether it counted the capped training set or all training images, nor at what size"
echo "it gave the 48x48 images to MediaPipe; each is shown."
echo
header "set"
paper_row "paper" 377 835 597 616 239 72 261
row "ours: capped, upscaled to 64 px (default)" paper-64 original-dropped train
row "ours: capped, 48x48" capped-48 original-dropped train
row "ours: all training images, 64 px" all-64 original-dropped train
row "ours: all training images, 48x48" all-48 original-dropped train
echo
echo "Unreadable files (counted apart from 'no face'):"
echo
header "set"
row "all images, 64 px, train" all-64 original-unreadable train
row "all images, 64 px, validation" all-64 original-unreadable validation
row "all images, 64 px, test" all-64 original-unreadable test
echo
echo "## No face in validation and test (uncapped, not augmented)"
echo
header "set"
row "validation, 64 px" all-64 original-dropped validation
row "validation, 48x48" all-48 original-dropped validation
row "test, 64 px" all-64 original-dropped test
row "test, 48x48" all-48 original-dropped test
echo
echo "Share of the images with no face found:"
echo
echo "| set | train (capped) | train (all) | validation | test |"
echo "|---|---|---|---|---|"
share() { # <variant> <split> <capped|read>
  awk -F, -v p="$2" -v base="$3" '$2 == p && $1 == "original-dropped" { d += $4 } $2 == p && $1 == base { n += $4 }
    END { if (n > 0) printf "%.1f %%", 100 * d / n; else printf "-" }' "$doc/$1/counts.csv"
}
echo "| 64 px | $(share paper-64 train capped) | $(share all-64 train read) | $(share all-64 validation read) | $(share all-64 test read) |"
echo "| 48x48 | $(share capped-48 train capped) | $(share all-48 train read) | $(share all-48 validation read) | $(share all-48 test read) |"
echo
echo "## The paper's data set (out/fer2013): rows written"
echo
echo "| split | happy | unknown | sad | total |"
echo "|---|---|---|---|---|"
for split in train validation test; do
  echo "| $split | $(count paper-64 rows $split happy) | $(count paper-64 rows $split unknown) | $(count paper-64 rows $split sad) | $(awk -F, -v p=$split '$1 == "rows" && $2 == p { t += $4 } END { print t + 0 }' "$doc/paper-64/counts.csv") |"
done
echo
echo "Augmented copies of the kept training images: $(awk -F, '$1 == "augmented-kept" && $2 == "train" { t += $4 } END { print t + 0 }' "$doc/paper-64/counts.csv") kept,"
echo "$(awk -F, '$1 == "augmented-dropped" && $2 == "train" { t += $4 } END { print t + 0 }' "$doc/paper-64/counts.csv") lost to the detectability filter (the paper: 'more than 20000 images' after augmentation)."
echo
echo "## Feature selection on the training set (score > 0.4 in more than 100 rows)"
echo
sel="$doc/paper-64/report/selection.md"
echo "Ours: $(grep -o '[0-9]* of 52' "$sel" | head -n 1) blendshapes kept on the paper's training set (\`paper-64/report/selection.md\`); the paper: 27 of 52."
echo
echo "## Build time"
echo
echo "| build | seconds | cores | load average at the end |"
echo "|---|---|---|---|"
for v in paper-64 all-64 all-48 capped-48; do
  if [ -f "$doc/$v/build-seconds" ]; then
    read -r secs cores load < "$doc/$v/build-seconds"
    echo "| $v | $secs | $cores | $load |"
  fi
done
