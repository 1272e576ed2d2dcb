#!/usr/bin/env bash
# Installs what the dashboard needs into .venv and starts it on http://localhost:8501.
# On first start, with no data yet, the dashboard builds the synthetic national demo data (progress shown).
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "Skapar Python-miljön i .venv ..."
  "$PY" -m venv .venv
fi
echo "Installerar beroenden (requirements.txt) ..."
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
exec .venv/bin/python -m streamlit run app.py "$@"
