#!/usr/bin/env bash
# Installs everything the tests need (Python packages in .venv, Debian's chromium for the browser
# tests, python3-venv when Python lacks ensurepip) and runs the whole suite: lint, unit, metric
# fixtures, AppTest and real-browser tests.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
APT_UPDATED=""
apt_install() {  # apt_install PACKAGE...: quiet when it works, the whole apt output when it does not
  if [ -n "$SUDO" ] && ! command -v sudo >/dev/null 2>&1; then
    echo "test.sh: $* behöver installeras med apt-get, men du är inte root och sudo saknas." >&2
    echo "         Kör som root: apt-get install $*" >&2
    exit 1
  fi
  local log
  log=$(mktemp)
  if [ -z "$APT_UPDATED" ]; then
    if ! $SUDO apt-get update -q >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      echo "test.sh: 'apt-get update' misslyckades (se utskriften ovan); kontrollera nätverket och paketkällorna." >&2
      exit 1
    fi
    APT_UPDATED=1
  fi
  if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "test.sh: 'apt-get install $*' misslyckades (se utskriften ovan)." >&2
    exit 1
  fi
  rm -f "$log"
}

if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
  echo "Installerar chromium och poppler-utils (Debian) för webbläsartesterna och rapport-PDF:en ..."
  apt_install chromium fonts-dejavu-core poppler-utils
fi

# A working venv has pip; a half-made one (venv failed for want of ensurepip) is made again.
if [ -x .venv/bin/python ] && ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  echo "Python-miljön i .venv saknar pip; skapar den på nytt ..."
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -c 'import ensurepip' >/dev/null 2>&1; then
    # Debian splits venv/ensurepip out of python3.X: the package matching this interpreter.
    VER=$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    PKG="python${VER}-venv"
    apt-cache show "$PKG" >/dev/null 2>&1 || PKG="python3-venv"
    echo "Installerar $PKG (Debian) så att $PY kan skapa .venv ..."
    apt_install "$PKG"
    if ! "$PY" -c 'import ensurepip' >/dev/null 2>&1; then
      echo "test.sh: $PY saknar fortfarande modulen ensurepip efter installation av $PKG." >&2
      echo "         Är $PY Debians Python? Ange en annan med PYTHON=/usr/bin/python3 bash test.sh" >&2
      exit 1
    fi
  fi
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

echo "== ruff"
.venv/bin/python -m ruff check .
echo "== pytest"
.venv/bin/python -m pytest "$@"
