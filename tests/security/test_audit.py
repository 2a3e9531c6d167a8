"""`make audit`'s bandit gate: a finding passes only when .bandit.yml accepts it, with a reason,
and an acceptance that matches nothing any more fails too."""

import json
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
ACCEPTED = yaml.safe_load((ROOT / ".bandit.yml").read_text(encoding="utf-8"))["accepted"]


def _finding(file: str, test: str) -> dict:
    return {
        "filename": f"./{file}",
        "test_id": test,
        "line_number": 1,
        "issue_severity": "LOW",
        "issue_text": "something bandit noticed",
    }


def _check(results: list[dict]) -> subprocess.CompletedProcess:
    report = {"errors": [], "results": results, "metrics": {"_totals": {"loc": 100}}}
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bandit_check.py")],
        input=json.dumps(report),
        capture_output=True,
        text=True,
        check=False,
    )


def _every_accepted_finding() -> list[dict]:
    return [_finding(item["file"], item["test"]) for item in ACCEPTED]


def test_every_acceptance_gives_a_reason():
    assert all(len(item.get("reason", "").split()) >= 5 for item in ACCEPTED)


def test_accepted_findings_pass():
    result = _check(_every_accepted_finding())

    assert result.returncode == 0, result.stdout


def test_a_new_finding_fails_and_is_named():
    result = _check([*_every_accepted_finding(), _finding("referrals/views/cases.py", "B608")])

    assert result.returncode == 1
    assert "referrals/views/cases.py:1: B608" in result.stdout


def test_an_acceptance_that_matches_nothing_fails():
    result = _check(_every_accepted_finding()[1:])

    assert result.returncode == 1
    assert "no longer finds: remove it" in result.stdout
