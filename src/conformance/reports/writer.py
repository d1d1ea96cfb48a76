"""Write every report of a run into one directory, each file replaced only once fully written."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from conformance.report import REPORT_FILE, write_atomically
from conformance.reports.html import HTML_FILE, render_html
from conformance.reports.junit import JUNIT_FILE, render_junit
from conformance.reports.markdown import MARKDOWN_FILE, render_run_markdown

__all__ = ["REPORT_FILES", "write_reports"]

REPORT_FILES = (REPORT_FILE, JUNIT_FILE, HTML_FILE, MARKDOWN_FILE)


def write_reports(directory: Path, report: Mapping[str, Any]) -> Path:
    """Write report.json, junit.xml, report.html and report.md into `directory`; return report.json's path."""
    directory.mkdir(parents=True, exist_ok=True)
    write_atomically(directory / JUNIT_FILE, render_junit(report))
    write_atomically(directory / HTML_FILE, render_html(report))
    write_atomically(directory / MARKDOWN_FILE, render_run_markdown(report))
    # report.json last: a reader that finds it finds the others of the same run.
    path = directory / REPORT_FILE
    write_atomically(path, json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return path
