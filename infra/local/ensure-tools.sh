#!/usr/bin/env bash
# Installs the tools Kindly's tests need beyond Node, Java and the npm packages.
# Idempotent: a tool already there is left alone, so it is cheap to call on every CI run.
#   pdftotext, pdfinfo (poppler-utils): the renderer's tests read back the text and the page count
#   of the letters it renders, with a standard tool rather than with the library that wrote them.
#   chromium (Debian's package): the console's end-to-end test drives it headless through
#   playwright-core, which then needs no browser download; with a Chinese font
#   (fonts-wqy-microhei), so that the zh-CN screenshots a reviewer reads show text, not boxes.
#   schemathesis (PyPI, pinned, in a virtualenv under the repo's .cache/tools): the operator API's
#   conformance test drives it against the API's own OpenAPI document.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCHEMATHESIS_VERSION=4.32.5
schemathesis_venv="$root/.cache/tools/schemathesis-venv"

sudo_cmd=()
apt_install() {
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "ensure-tools: need root or sudo to install $*" >&2; exit 1; }
    sudo_cmd=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  echo "ensure-tools: installing $* (apt)" >&2
  "${sudo_cmd[@]}" apt-get update -qq >&2
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "$@" >&2
}

schemathesis_version() {
  "$schemathesis_venv/bin/python" -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null || true
}

installed=()

if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then
  apt_install poppler-utils
  command -v pdftotext >/dev/null 2>&1 || { echo "ensure-tools: pdftotext still missing" >&2; exit 1; }
  installed+=(poppler-utils)
fi

if ! command -v chromium >/dev/null 2>&1; then
  apt_install chromium
  command -v chromium >/dev/null 2>&1 || { echo "ensure-tools: chromium still missing" >&2; exit 1; }
  installed+=(chromium)
fi

if [[ ! -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]]; then
  apt_install fonts-wqy-microhei
  installed+=(fonts-wqy-microhei)
fi

if [[ $(schemathesis_version) != "$SCHEMATHESIS_VERSION" ]]; then
  command -v python3 >/dev/null 2>&1 || { echo "ensure-tools: python3 not found (schemathesis needs it)" >&2; exit 1; }
  echo "ensure-tools: installing schemathesis $SCHEMATHESIS_VERSION (PyPI) into ${schemathesis_venv#"$root"/}" >&2
  rm -rf "$schemathesis_venv"
  mkdir -p "$(dirname "$schemathesis_venv")"
  if ! python3 -m venv "$schemathesis_venv" >/dev/null 2>&1; then
    # Debian's python3 has venv without ensurepip until python3-venv is installed.
    rm -rf "$schemathesis_venv"
    apt_install python3-venv
    python3 -m venv "$schemathesis_venv" >&2
  fi
  "$schemathesis_venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "schemathesis==$SCHEMATHESIS_VERSION" >&2
  [[ $(schemathesis_version) == "$SCHEMATHESIS_VERSION" ]] || {
    echo "ensure-tools: schemathesis $SCHEMATHESIS_VERSION still missing" >&2
    exit 1
  }
  installed+=("schemathesis $SCHEMATHESIS_VERSION")
fi

if [[ ${#installed[@]} -eq 0 ]]; then
  echo "ensure-tools: all present (schemathesis $SCHEMATHESIS_VERSION)" >&2
else
  echo "ensure-tools: installed ${installed[*]}" >&2
fi
