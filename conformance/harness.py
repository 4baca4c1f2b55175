"""Shared plumbing for the conformance suites in this directory.

Each suite is one script (``sign_compare.py``, later ``wire_capture.py``,
``error_scenarios.py``...) that compares a Rust driver with Huawei's official Python SDK
and ends with ``main(run)`` from this module.  The contract with ``cargo xtask
conformance`` is:

* the script runs inside the virtualenv that has ``requirements.txt`` installed;
* it receives ``--driver PATH`` (the Rust binary xtask built for it), ``--seed N`` and
  ``--cases N``, plus the common options defined in :func:`argument_parser`;
* its last line of output is ``<suite>: N passed, M failed``;
* exit status 0 means every comparison passed, 1 means at least one mismatch, 2 means the
  comparison could not be run at all (SDK missing or wrong version, driver crashed...).
  Nothing is ever skipped silently: a suite that compared nothing fails.

Only the standard library is used here, so a suite can import it before anything else.
"""

from __future__ import annotations

import argparse
import difflib
import importlib.metadata
import json
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

SDK_VERSION = "3.1.219"
SDK_PACKAGES = ("huaweicloudsdkcore", "huaweicloudsdkcbr")


class HarnessError(Exception):
    """The comparison cannot be run (as opposed to: it ran and found mismatches)."""


def check_sdk(packages: Iterable[str] = SDK_PACKAGES, version: str = SDK_VERSION) -> None:
    """Fails unless every official SDK package is installed at the pinned version.

    Uses package metadata only: importing ``huaweicloudsdkcbr`` (or the core's
    credentials module) writes ``~/.huaweicloud/application_id`` at import time.
    """
    for package in packages:
        try:
            found = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError as e:
            raise HarnessError(
                f"{package} is not installed in {sys.prefix}; "
                f"run `cargo xtask conformance` or pip install -r conformance/requirements.txt"
            ) from e
        if found != version:
            raise HarnessError(f"{package} {found} is installed, the harness is pinned to {version}")


def run_driver(command: list[str], requests: list[dict[str, Any]], timeout: float = 300) -> list[dict[str, Any]]:
    """Sends ``requests`` as JSON lines to a driver process and returns its JSON-line answers.

    The driver must answer every request with one line, in order, carrying the same ``id``.
    """
    # ASCII-only JSON, and answers split on "\n" only: str.splitlines() would also split on
    # U+2028, U+0085... inside JSON strings.
    payload = "".join(json.dumps(r, ensure_ascii=True) + "\n" for r in requests)
    try:
        proc = subprocess.run(
            command,
            input=payload.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError as e:
        raise HarnessError(f"driver {command[0]} not found: {e}") from e
    except subprocess.TimeoutExpired as e:
        raise HarnessError(f"driver {command[0]} timed out after {timeout}s") from e
    if proc.returncode != 0:
        raise HarnessError(
            f"driver {command[0]} exited with {proc.returncode}:\n{proc.stderr.decode('utf-8', 'replace')}"
        )
    answers = []
    for n, line in enumerate(proc.stdout.decode("utf-8").split("\n"), 1):
        if not line.strip():
            continue
        try:
            answers.append(json.loads(line))
        except json.JSONDecodeError as e:
            raise HarnessError(f"driver output line {n} is not JSON: {line[:200]!r}") from e
    if len(answers) != len(requests):
        raise HarnessError(f"driver answered {len(answers)} of {len(requests)} requests")
    for request, answer in zip(requests, answers):
        if answer.get("id") != request.get("id"):
            raise HarnessError(f"driver answered {answer.get('id')!r} where {request.get('id')!r} was expected")
    return answers


def text_diff(expected: str, actual: str, expected_name: str = "official", actual_name: str = "rust") -> str:
    """A unified diff of two multi-line strings, or a one-line summary if they are equal."""
    if expected == actual:
        return "(equal)"
    lines = difflib.unified_diff(
        expected.split("\n"), actual.split("\n"), expected_name, actual_name, lineterm="", n=2
    )
    return "\n".join(lines)


@dataclass
class Mismatch:
    """One failed comparison: the case as generated, and what differed."""

    case_id: str
    case: Any
    differences: list[str]


@dataclass
class Report:
    """Counts comparisons and keeps the mismatches for the final summary."""

    suite: str
    passed: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.mismatches)

    def record(self, case_id: str, case: Any, differences: list[str]) -> None:
        if differences:
            self.mismatches.append(Mismatch(case_id, case, differences))
        else:
            self.passed += 1

    def print_summary(self, show: int = 5, out=sys.stdout) -> int:
        """Prints the first ``show`` mismatches in detail, then ``suite: N passed, M failed``.

        Returns the exit status (0 all passed, 1 mismatches or nothing compared)."""
        for note in self.notes:
            print(note, file=out)
        for mismatch in self.mismatches[:show]:
            print(f"\n=== MISMATCH {mismatch.case_id} ===", file=out)
            print("case: " + json.dumps(mismatch.case, ensure_ascii=False, default=repr, indent=1), file=out)
            for difference in mismatch.differences:
                print(difference, file=out)
        if self.failed > show:
            print(f"\n... and {self.failed - show} more mismatches (use --show to see more)", file=out)
        if self.passed + self.failed == 0:
            print(f"{self.suite}: nothing was compared", file=out)
        print(f"{self.suite}: {self.passed} passed, {self.failed} failed", file=out)
        out.flush()
        return 0 if self.failed == 0 and self.passed > 0 else 1


def argument_parser(description: str, default_cases: int) -> argparse.ArgumentParser:
    """The options every suite understands."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--driver", required=True, help="path of the Rust driver binary")
    parser.add_argument("--seed", type=int, default=20240101, help="seed of the random cases (default: %(default)s)")
    parser.add_argument("--cases", type=int, default=default_cases, help="number of random cases (default: %(default)s)")
    parser.add_argument("--show", type=int, default=5, help="mismatches to print in detail (default: %(default)s)")
    parser.add_argument("--dump", metavar="PATH", help="also write every mismatch as JSON lines to PATH")
    return parser


def dump_mismatches(report: Report, path: str | None) -> None:
    if not path:
        return
    with open(path, "w", encoding="utf-8") as f:
        for m in report.mismatches:
            f.write(json.dumps({"id": m.case_id, "case": m.case, "differences": m.differences}, default=repr) + "\n")


def main(run: Callable[[], int]) -> None:
    """Runs a suite, turning :class:`HarnessError` into exit status 2."""
    try:
        status = run()
    except HarnessError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
    sys.exit(status)
