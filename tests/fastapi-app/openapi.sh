#!/usr/bin/env sh
# Writes openapi.json as FastAPI produces it from app.py (`app.openapi()`), or with --check
# fails with a diff when the committed file differs from it.
# PYTHON names an interpreter with requirements.txt installed (default: python3).
set -eu
cd "$(dirname "$0")"
fresh=$(mktemp)
trap 'rm -f "$fresh"' EXIT
"${PYTHON:-python3}" -B -c 'import json, app; print(json.dumps(app.app.openapi(), indent=2))' >"$fresh"
if [ "${1:-}" = "--check" ]; then
  if ! diff -u openapi.json "$fresh"; then
    echo "tests/fastapi-app/openapi.json is stale: run tests/fastapi-app/openapi.sh and commit it" >&2
    exit 1
  fi
  echo "tests/fastapi-app/openapi.json is FastAPI's output"
else
  cp "$fresh" openapi.json
fi
