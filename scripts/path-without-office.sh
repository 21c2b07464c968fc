#!/usr/bin/env bash
# Print a PATH on which LibreOffice (soffice, libreoffice) and poppler (pdftoppm, pdftotext,
# pdfinfo) cannot be found, everything else still can: a newcomer's laptop without them.
# Usage: PATH="$(scripts/path-without-office.sh)" make test
set -euo pipefail
shadow="${TMPDIR:-/tmp}/creditbook-path-without-office"
rm -rf "$shadow"
mkdir -p "$shadow"
IFS=: read -r -a dirs <<< "$PATH"
for dir in "${dirs[@]}"; do
  [ -d "$dir" ] || continue
  for tool in "$dir"/*; do
    name="${tool##*/}"
    case "$name" in
      soffice|libreoffice|localc|lowriter|pdftoppm|pdftotext|pdfinfo) continue ;;
    esac
    [ -e "$shadow/$name" ] || ln -s "$tool" "$shadow/$name"
  done
done
echo "$shadow"
