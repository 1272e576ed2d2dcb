#!/usr/bin/env bash
# Installs what the dashboard needs into .venv and starts it on http://localhost:8501.
# On first start, with no data yet, the dashboard builds the synthetic national demo data (progress shown).
# It installs no system packages itself (it may run as an ordinary user without sudo): when Python
# cannot create a venv it says which Debian package to install (test.sh installs it with apt-get).
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
if ! command -v "$PY" >/dev/null 2>&1; then
  echo "start.sh: hittar inte $PY. Installera Python 3.11 (Debian: sudo apt-get install python3 python3-venv)" >&2
  echo "          eller ange vilken Python som ska användas: PYTHON=/sökväg/till/python3 bash start.sh" >&2
  exit 1
fi
# A half-made .venv (an earlier attempt without ensurepip) has python but no pip: make it again.
if [ -x .venv/bin/python ] && ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -c 'import ensurepip' >/dev/null 2>&1; then
    VER=$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    echo "start.sh: $PY kan inte skapa en Python-miljö (modulen ensurepip saknas)." >&2
    echo "          Debian/Ubuntu: sudo apt-get install python${VER}-venv   (eller: bash test.sh, som installerar den)" >&2
    echo "          Kör sedan bash start.sh igen." >&2
    exit 1
  fi
  echo "Skapar Python-miljön i .venv ..."
  "$PY" -m venv .venv
fi
echo "Installerar beroenden (requirements.txt) ..."
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
# ui.serve is `streamlit run app.py` that also warms the server while the first browser loads (ui/serve.py)
exec .venv/bin/python -m ui.serve "$@"
