"""deploy/monitoring: the alert rules, their unit tests and the Prometheus configurations pass promtool; the
Grafana dashboard is valid JSON whose queries parse and use only the metric families of the contract.

promtool is Debian's ``prometheus`` package (.ci/run installs it). Without it these tests skip locally, and fail
under CI, where a skip would hide a missing install.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
MONITORING = ROOT / "deploy" / "monitoring"
DASHBOARD = MONITORING / "grafana" / "newsflow.json"
OPERATIONS = ROOT / "docs" / "operations.md"

# The metric families of the operations issue's contract (the metrics branch implements them).
CONTRACT = {
    "newsflow_tasks_total",
    "newsflow_task_duration_seconds",
    "newsflow_fetches_total",
    "newsflow_articles_stored_total",
    "newsflow_articles_skipped_total",
    "newsflow_queue_depth",
    "newsflow_queue_oldest_age_seconds",
    "newsflow_crawls",
    "newsflow_host_paused",
    "newsflow_fetch_deferrals_total",
    "newsflow_enriched_articles_total",
    "newsflow_store_upsert_seconds",
}
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")
# Prometheus' own series, and a Redis exporter's (the Redis memory alerts say they need one).
NOT_NEWSFLOW = {"up", "redis_memory_used_bytes", "redis_memory_max_bytes"}
PROMQL_WORDS = {
    "sum", "max", "min", "avg", "count", "by", "without", "on", "ignoring", "and", "or", "unless", "rate",
    "increase", "deriv", "irate", "histogram_quantile", "absent", "vector", "bool", "offset",
}  # fmt: skip


def promtool() -> str:
    path = shutil.which("promtool")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("promtool is missing: .ci/run installs Debian's prometheus package")
        pytest.skip("promtool not installed (apt-get install prometheus)")
    return path


def run_promtool(*args: str, cwd: Path = MONITORING) -> str:
    result = subprocess.run(
        [promtool(), *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return output


def metric_names(expr: str) -> set[str]:
    """The series names a PromQL expression selects (labels, strings, grouping clauses and durations removed)."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', "", expr)
    text = re.sub(r"\{[^}]*\}", "", text)
    text = re.sub(r"\b(?:by|without|on|ignoring)\s*\([^)]*\)", "", text)
    text = re.sub(r"\[[^\]]*\]", "", text)
    words = set(re.findall(r"[A-Za-z_:][A-Za-z0-9_:]*", text))
    return {word for word in words if word not in PROMQL_WORDS}


def family(name: str) -> str:
    for suffix in HISTOGRAM_SUFFIXES:
        if name.endswith(suffix) and name.removesuffix(suffix) in CONTRACT:
            return name.removesuffix(suffix)
    return name


def alert_rules() -> list[dict[str, Any]]:
    data = yaml.safe_load((MONITORING / "alerts.yml").read_text(encoding="utf-8"))
    return [rule for group in data["groups"] for rule in group["rules"] if "alert" in rule]


def dashboard_exprs() -> list[str]:
    data = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return [target["expr"] for panel in data["panels"] for target in panel.get("targets", [])]


def test_metric_names_reader() -> None:
    expr = 'histogram_quantile(0.95, sum by (stage, le) (rate(newsflow_task_duration_seconds_bucket{a="b"}[5m])))'
    assert metric_names(expr) == {"newsflow_task_duration_seconds_bucket"}
    assert metric_names('absent(up{job="x"} == 1) or vector(0)') == {"up"}


def test_check_rules() -> None:
    assert "SUCCESS: 10 rules found" in run_promtool("check", "rules", "alerts.yml")


def test_rule_unit_tests() -> None:
    assert "SUCCESS" in run_promtool("test", "rules", "alerts.test.yml")


def test_every_alert_is_proven_to_fire() -> None:
    tests = yaml.safe_load((MONITORING / "alerts.test.yml").read_text(encoding="utf-8"))["tests"]
    fired = {
        case["alertname"]
        for test in tests
        for case in test.get("alert_rule_test", [])
        if case.get("exp_alerts")
    }
    assert {rule["alert"] for rule in alert_rules()} == fired


@pytest.mark.parametrize("config", ["prometheus.yml", "prometheus-kubernetes.yml"])
def test_check_config(config: str) -> None:
    output = run_promtool("check", "config", config)
    assert f"SUCCESS: {config} is valid" in output
    assert "WARNING" not in output, output


def test_alerts_use_contract_metrics_and_have_a_runbook() -> None:
    runbook = OPERATIONS.read_text(encoding="utf-8")
    headings = {match.lower() for match in re.findall(r"^#+ (\w+)\s*$", runbook, flags=re.MULTILINE)}
    for rule in alert_rules():
        names = {family(name) for name in metric_names(rule["expr"])}
        assert names <= CONTRACT | NOT_NEWSFLOW, (rule["alert"], names)
        document, _, fragment = rule["annotations"]["runbook"].partition("#")
        assert document == "docs/operations.md"
        # GitHub's anchor of a heading that is one word: the word in lower case.
        assert fragment in headings, (rule["alert"], fragment)
        assert rule["alert"] in runbook  # named in the runbook (two alerts may share a section)


def test_dashboard_queries_use_only_contract_metrics() -> None:
    data = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    assert data["uid"] and data["title"] and data["panels"]
    exprs = dashboard_exprs()
    used = {family(name) for expr in exprs for name in metric_names(expr)}
    assert used - CONTRACT == {"up"}  # Prometheus' own: which worker answers
    # The families the issue asks panels for are all there.
    wanted = CONTRACT - {"newsflow_store_upsert_seconds"}
    assert wanted <= used
    assert any('outcome="dead_lettered"' in expr for expr in exprs)
    assert any("histogram_quantile(0.95" in expr for expr in exprs)
    ids = [panel["id"] for panel in data["panels"]]
    assert len(ids) == len(set(ids))


def test_dashboard_queries_parse(tmp_path: Path) -> None:
    """Every dashboard query, as a recording rule, passes ``promtool check rules`` (PromQL syntax)."""
    rules = [
        {"record": f"dashboard:panel_query_{n}", "expr": expr} for n, expr in enumerate(dashboard_exprs())
    ]
    (tmp_path / "dashboard.rules.yml").write_text(
        yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}), encoding="utf-8"
    )
    output = run_promtool("check", "rules", "dashboard.rules.yml", cwd=tmp_path)
    assert f"SUCCESS: {len(rules)} rules found" in output
