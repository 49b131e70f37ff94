#!/usr/bin/env bash
# Install the Debian packages innspill needs, only those missing. Safe to run repeatedly.
#   tesseract-ocr + tesseract-ocr-nor  OCR of scanned reports (Norwegian data)
#   poppler-utils                      pdftoppm, used to look at generated PDFs
#   postgresql                         the production database, used by the test suite's second run
#   chromium                           browser tests (Playwright drives Debian's Chromium)
#   gettext                            compiles the nn/en interface translations
#   fonts-dejavu-core, libpango*       WeasyPrint's text rendering for PDF reports and badges
set -euo pipefail
want=(tesseract-ocr tesseract-ocr-nor poppler-utils postgresql chromium gettext fonts-dejavu-core
      libpango-1.0-0 libpangoft2-1.0-0)
[ "${1:-}" = "--minimal" ] && want=(gettext fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 tesseract-ocr tesseract-ocr-nor)
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installerer systempakker: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "Mangler ${missing[*]} og kan ikke installere uten root/sudo." >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
