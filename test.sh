#!/usr/bin/env bash
# Installs everything the tests need (Python packages in .venv, Debian's chromium for the browser
# tests) and runs the whole suite: lint, unit, metric fixtures, AppTest and real-browser tests.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installerar chromium (Debian) för webbläsartesterna ..."
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

echo "== ruff"
.venv/bin/python -m ruff check .
echo "== pytest"
.venv/bin/python -m pytest "$@"
