#!/bin/sh
# Run the NMF conformance suite against a platform from any CI system or shell.
# Needs Python 3.11+, NMF_URL and NMF_ADMIN_TOKEN in the environment, conformance.toml beside it, and
# SUITE: a checkout of the suite (or a wheel built from one).
set -eu
python3 -m venv .conformance-venv
.conformance-venv/bin/pip install --quiet "${SUITE:?set SUITE to a checkout of the suite}"
status=0
.conformance-venv/bin/conformance run --config conformance.toml --target "$NMF_URL" \
  --admin-token "$NMF_ADMIN_TOKEN" --report out || status=$?
# out/junit.xml for the CI system's test view, out/report.html to read, out/report.md to hand over.
echo "conformance exit code: $status (0 passed; see conformance run --help for the others)"
exit "$status"
