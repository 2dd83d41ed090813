#!/usr/bin/env bash
# Installs the system tools Kindly's tests need beyond Node, Java and the npm packages.
# Idempotent: a tool already on PATH is left alone, so it is cheap to call on every CI run.
#   pdftotext, pdfinfo (poppler-utils): the renderer's tests read back the text and the page count
#   of the letters it renders, with a standard tool rather than with the library that wrote them.
set -euo pipefail

missing=()
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v pdfinfo >/dev/null 2>&1 || missing+=(poppler-utils)
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "ensure-tools: all present" >&2
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "ensure-tools: need root or sudo to install poppler-utils" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
echo "ensure-tools: installing poppler-utils" >&2
"${sudo_cmd[@]}" apt-get update -qq >&2
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends poppler-utils >&2
command -v pdftotext >/dev/null 2>&1 || { echo "ensure-tools: pdftotext still missing" >&2; exit 1; }
echo "ensure-tools: installed poppler-utils" >&2
