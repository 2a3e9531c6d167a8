"""Fail `make audit` on any bandit finding that .bandit.yml does not accept by file and test id.

Reads bandit's JSON report on standard input; prints each finding not accepted, and each
acceptance that no longer matches anything (so the list does not outlive the code).
"""

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    config = yaml.safe_load((ROOT / ".bandit.yml").read_text(encoding="utf-8"))
    accepted = {(item["file"], item["test"]) for item in config.get("accepted", [])}
    report = json.load(sys.stdin)
    if report.get("errors"):
        for error in report["errors"]:
            print(f"bandit could not scan {error['filename']}: {error['reason']}")
        return 1
    seen = set()
    new = []
    for result in report["results"]:
        key = (result["filename"].removeprefix("./"), result["test_id"])
        seen.add(key)
        if key not in accepted:
            new.append(result)
    for result in new:
        print(
            f"{result['filename']}:{result['line_number']}: {result['test_id']} "
            f"[{result['issue_severity']}] {result['issue_text']}"
        )
    stale = sorted(accepted - seen)
    for file, test in stale:
        print(f".bandit.yml accepts {test} in {file}, which bandit no longer finds: remove it")
    scanned = report["metrics"]["_totals"]["loc"]
    print(
        f"bandit: {len(report['results'])} findings in {scanned} lines, "
        f"{len(report['results']) - len(new)} accepted in .bandit.yml, {len(new)} not accepted"
    )
    return 1 if new or stale else 0


if __name__ == "__main__":
    sys.exit(main())
