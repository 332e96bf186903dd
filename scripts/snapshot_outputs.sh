#!/usr/bin/env bash
# Build every output a code move must keep byte-identical, into one folder:
#   bash scripts/snapshot_outputs.sh /tmp/before   (then, after the move)
#   bash scripts/snapshot_outputs.sh /tmp/after && diff -r /tmp/before /tmp/after
# The default set (English, Spanish, large print, A4, the reviewer's sheet), every example
# clinic and the stress content. Warnings are expected (the shipped content is a draft).
set -euo pipefail
out=${1:?usage: snapshot_outputs.sh FOLDER}
cd "$(dirname "$0")/.."
rm -rf "$out"
k() { python3 -m kethandout "$@" >/dev/null; }
k build content.yaml --out "$out/default"
k build content.yaml --out "$out/es" --lang es
k build content.yaml --out "$out/large" --style large-print --only handout
k build content.yaml --out "$out/a4" --paper a4 --only handout
k build content.yaml --out "$out/review" --only review
k build content.yaml --out "$out/clinics" --clinics examples/clinics --jobs 1
# A deck on a user's template (python-pptx's own 4:3 one, made once and kept beside the folder).
template="$out.template.pptx"
[ -f "$template" ] || python3 -c "import sys; from pptx import Presentation; Presentation().save(sys.argv[1])" "$template"
k build content.yaml --out "$out/template" --only deck --deck-template "$template"
for doc in deck html; do  # its handout is over the page budget on purpose
  k build tests/data/stress.yaml --out "$out/stress" --max-grade 30 --only $doc
done
find "$out" -name '.kethandout*' -delete
find "$out" -type f | wc -l
