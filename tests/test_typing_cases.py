"""The two user scripts of ``tests/typing_cases`` under ``mypy --strict`` and pyright strict.

``mistakes.py`` marks each everyday mistake with a trailing ``# E: <what is wrong>``: both checkers
must refuse every marked line and no other. ``clean.py`` is what a user writes when nothing is
wrong: no error from either checker, and no ``Any`` in any type it reveals.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).resolve().parent / "typing_cases"
SCRIPTS = ("mistakes", "clean")
MARK = re.compile(r"\s# E: \S")
_MYPY = re.compile(r"^(?P<file>[^:]+)\.py:(?P<line>\d+): (?P<kind>error|note): (?P<text>.*)$")
_REVEALED = re.compile(r'^Revealed type is "(?P<type>.*)"$')
_PYRIGHT_REVEALED = re.compile(r'^Type of ".*" is "(?P<type>.*)"$', re.DOTALL)
_ANY = re.compile(r"\bAny\b|\bUnknown\b")


class Report:
    """What one checker said about the scripts: error lines and revealed types, per script."""

    def __init__(self) -> None:
        self.errors: dict[str, dict[int, list[str]]] = {name: {} for name in SCRIPTS}
        self.revealed: dict[str, list[tuple[int, str]]] = {name: [] for name in SCRIPTS}
        self._starts = {name: _statements(name) for name in SCRIPTS}

    def add_error(self, name: str, line: int, text: str) -> None:
        start = self._starts[name].get(line, line)
        self.errors[name].setdefault(start, []).append(f"{line}: {text}")


def _statements(name: str) -> dict[int, int]:
    """``{line: first line of the innermost simple statement holding it}``: checkers place an
    error on the call or on the argument, so lines are compared statement by statement."""
    tree = ast.parse((CASES / f"{name}.py").read_text(encoding="utf-8"))
    starts: dict[int, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and not hasattr(node, "body"):
            for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                starts[line] = max(starts.get(line, 0), node.lineno)
    return starts


def _marked(name: str) -> dict[int, str]:
    """``{statement line: the mistake marked in it}`` of one script."""
    lines = (CASES / f"{name}.py").read_text(encoding="utf-8").splitlines()
    starts = _statements(name)
    return {
        starts.get(number, number): line.split("# E:", 1)[1].strip()
        for number, line in enumerate(lines, 1)
        if MARK.search(line)
    }


def _copy_cases(root: Path) -> None:
    for name in SCRIPTS:
        shutil.copy(CASES / f"{name}.py", root / f"{name}.py")


@pytest.fixture(scope="module")
def mypy_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    root = tmp_path_factory.mktemp("mypy_cases")
    _copy_cases(root)
    paths = [str(root / f"{name}.py") for name in SCRIPTS]
    args = ["--strict", "--no-error-summary", "--show-error-codes", "--cache-dir", str(root / ".cache"), *paths]
    stdout, stderr, _ = mypy_api.run(args)
    assert not stderr, stderr
    report = Report()
    for line in stdout.splitlines():
        match = _MYPY.match(line)
        if match is None:
            continue
        name, number = Path(match["file"]).name, int(match["line"])
        if match["kind"] == "error":
            report.add_error(name, number, match["text"])
        elif revealed := _REVEALED.match(match["text"]):
            report.revealed[name].append((number, revealed["type"]))
    return report


@pytest.fixture(scope="module")
def pyright_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    root = tmp_path_factory.mktemp("pyright_cases")
    _copy_cases(root)
    # Only the rule against ``_request_id`` and ``_response`` (names the SDK shares) is left out.
    config = {"typeCheckingMode": "strict", "pythonVersion": "3.10", "reportPrivateUsage": False}
    config["extraPaths"] = [str(ROOT)]
    (root / "pyrightconfig.json").write_text(json.dumps(config))
    command = [sys.executable, "-m", "pyright", "--outputjson", "--pythonpath", sys.executable, str(root)]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False, timeout=600)
    report = Report()
    for item in json.loads(result.stdout)["generalDiagnostics"]:
        name, number = Path(item["file"]).stem, item["range"]["start"]["line"] + 1
        if item["severity"] == "error":
            report.add_error(name, number, item["message"])
        elif revealed := _PYRIGHT_REVEALED.match(item["message"]):
            report.revealed[name].append((number, revealed["type"]))
    return report


def test_the_mistakes_script_marks_at_least_30_mistakes() -> None:
    assert len(_marked("mistakes")) >= 30
    assert not _marked("clean")


def _slipped(report: Report) -> list[str]:
    return [f"{line}: {what}" for line, what in _marked("mistakes").items() if line not in report.errors["mistakes"]]


def _unexpected(report: Report) -> dict[int, list[str]]:
    marked = _marked("mistakes")
    return {line: texts for line, texts in report.errors["mistakes"].items() if line not in marked}


def test_mypy_catches_every_mistake(mypy_report: Report) -> None:
    slipped = _slipped(mypy_report)
    assert not slipped, "\n".join(slipped)


def test_pyright_catches_every_mistake(pyright_report: Report) -> None:
    slipped = _slipped(pyright_report)
    assert not slipped, "\n".join(slipped)


def test_mypy_refuses_only_the_mistakes(mypy_report: Report) -> None:
    assert _unexpected(mypy_report) == {}


def test_pyright_refuses_only_the_mistakes(pyright_report: Report) -> None:
    assert _unexpected(pyright_report) == {}


def test_mypy_accepts_the_clean_script(mypy_report: Report) -> None:
    assert mypy_report.errors["clean"] == {}


def test_pyright_accepts_the_clean_script(pyright_report: Report) -> None:
    assert pyright_report.errors["clean"] == {}


def _reveals() -> int:
    return (CASES / "clean.py").read_text(encoding="utf-8").count("reveal_type(")


def test_mypy_reveals_no_any_in_the_clean_script(mypy_report: Report) -> None:
    revealed = mypy_report.revealed["clean"]
    assert len(revealed) == _reveals() >= 30
    assert [(line, tp) for line, tp in revealed if _ANY.search(tp)] == []


def test_pyright_reveals_no_any_in_the_clean_script(pyright_report: Report) -> None:
    revealed = pyright_report.revealed["clean"]
    assert len(revealed) == _reveals()
    assert [(line, tp) for line, tp in revealed if _ANY.search(tp)] == []
