#!/usr/bin/env bash
# `make audit`: bandit over our own code, then pip-audit over the locked dependencies.
#
# bandit's findings must each be accepted, with a reason, in .bandit.yml (scripts/bandit_check.py).
# pip-audit asks PyPI's vulnerability service about every pinned version in requirements.lock
# and requirements-dev.lock (hashes required, pip not used); a vulnerability it finds fails the
# audit unless .pip-audit-ignore lists its id with a reason. When the service cannot be reached
# the audit fails and says so, because "no vulnerabilities" would be a guess; set
# PIP_AUDIT_OFFLINE=warn to print that loudly and carry on instead (CI here has no route to it).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$(pwd)/.venv/bin}
PIP_AUDIT_OFFLINE=${PIP_AUDIT_OFFLINE:-fail}
status=0

echo "== bandit (config and accepted findings: .bandit.yml)"
if ! "$BIN/bandit" -c .bandit.yml -r . -q -f json --exit-zero | "$BIN/python" scripts/bandit_check.py; then
  status=1
fi

echo "== pip-audit (requirements.lock, requirements-dev.lock; accepted: .pip-audit-ignore)"
ignores=()
while read -r id _; do
  [ -n "$id" ] && ignores+=(--ignore-vuln "$id")
done < <(sed -e 's/#.*//' .pip-audit-ignore)

# PyPI answers for one release at /pypi/<name>/<version>/json; that is what pip-audit asks.
django=$(sed -n 's/^django==\([^ ]*\).*/\1/p' requirements.lock)
probe="https://pypi.org/pypi/django/${django}/json"
if "$BIN/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=15)" "$probe" 2>/dev/null; then
  for lock in requirements.lock requirements-dev.lock; do
    echo "-- $lock"
    if ! "$BIN/pip-audit" --requirement "$lock" --require-hashes --disable-pip --strict \
        --vulnerability-service pypi --progress-spinner off "${ignores[@]}"; then
      status=1
    fi
  done
else
  echo "pip-audit: PyPI's vulnerability service cannot be reached from here ($probe did not answer)."
  echo "pip-audit: the dependencies were NOT audited for known vulnerabilities."
  if [ "$PIP_AUDIT_OFFLINE" = "warn" ]; then
    echo "pip-audit: PIP_AUDIT_OFFLINE=warn, so this does not fail the audit."
  else
    echo "pip-audit: failing; run where pypi.org answers, or set PIP_AUDIT_OFFLINE=warn to go on."
    status=1
  fi
fi
exit $status
