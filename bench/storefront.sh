#!/usr/bin/env bash
# One command for the storefront benchmark (issue 16's measurement): bench/storefront.sh [options]
# Builds .venv if needed, installs wrk when apt-get can (else a Python load client is used), builds the bench
# database once (50,000 products, 200,000 members; reused later), then measures the code before issue 16
# (revision BEFORE, default f2b9200) and this tree in the same run and writes bench/RESULTS.md.
# Options go to bench/run_storefront.py, e.g. --products 5000 --members 2000 --runs 1 --duration 5.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
if ! command -v wrk >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get install -y -qq wrk >/dev/null 2>&1 || echo "wrk not installed: using the Python load client" >&2
fi
python bench/run_storefront.py --before "${BEFORE:-f2b9200}" "$@"
# The CPU cost per request in one process, before and after (steadier than throughput on a busy machine).
products=50000 members=200000
args=("$@")
for i in "${!args[@]}"; do
  case "${args[$i]}" in
    --products) products=${args[$((i + 1))]} ;;
    --members) members=${args[$((i + 1))]} ;;
  esac
done
python bench/run_page_cpu.py "var/bench/storefront-${products}-${members}.sqlite3" \
  --root "var/bench/before-${BEFORE:-f2b9200}" --root . --results bench/RESULTS.md
