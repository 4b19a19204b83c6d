#!/usr/bin/env bash
# Renders the zeitachse charts of the example cases with a real SVG renderer (rsvg-convert,
# Debian librsvg2-bin) and checks each PNG: 297 mm wide at 96 dpi (1123 px), no taller than
# one A4 landscape page (794 px) for these cases, and not blank (png_check.mjs).
#   render_test.sh KLAPPT_BINARY SOURCE_ROOT
set -euo pipefail
klappt=$1
root=$2
command -v rsvg-convert >/dev/null || { echo "rsvg-convert fehlt (scripts/setup.sh installiert librsvg2-bin)"; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$root"
"$klappt" zeitachse --svg "$out/svg" examples/zeitachse/*.yaml tests/timeline/ursachen/aufenthaltserlaubnis_ohne_abstimmung.yaml >/dev/null 2>&1
count=0
for svg in "$out"/svg/*.svg; do
  png="$out/$(basename "$svg" .svg).png"
  rsvg-convert -o "$png" "$svg"
  node "$root/tests/svg/png_check.mjs" "$png" 1120 1126 300 794
  count=$((count + 1))
done
[ "$count" -eq 3 ] || { echo "erwartet 3 Diagramme (ein SVG je Fall), gefunden $count"; exit 1; }
echo "$count Diagramme gerendert und geprüft"
# The check itself must notice a blank page.
printf '<svg xmlns="http://www.w3.org/2000/svg" width="1123" height="700"><rect width="100%%" height="100%%" fill="white"/></svg>' >"$out/leer.svg"
rsvg-convert -o "$out/leer.png" "$out/leer.svg"
if node "$root/tests/svg/png_check.mjs" "$out/leer.png" 1120 1126 300 794 2>/dev/null; then
  echo "png_check.mjs hat ein leeres Bild nicht erkannt"; exit 1
fi
