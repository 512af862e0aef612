"""deploy/k8s, offline: every kustomization's paths exist; the example overlay renders (``kubectl kustomize``
where kubectl is installed, compared with tests/support/kustomize.py's renderer, which is used alone elsewhere);
every rendered Kubernetes object passes the Kubernetes 1.31 OpenAPI schemas in strict mode (kubernetes-validate);
the KEDA objects pass tests/fixtures/deploy/keda-v1alpha1.schema.json, a hand-written schema of the KEDA fields
used (KEDA's own CRD schema could not be fetched here); and the manifests say what docs/operations.md says."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from jsonschema import Draft202012Validator

from tests.support.kustomize import referenced_paths, render

ROOT = Path(__file__).resolve().parents[3]
K8S = ROOT / "deploy" / "k8s"
OVERLAY = K8S / "overlays" / "example"
KEDA_SCHEMA = ROOT / "tests" / "fixtures" / "deploy" / "keda-v1alpha1.schema.json"
KUBERNETES_VERSION = "1.31.0"
STAGES = ("ingest", "enrich", "store")
# Requests per worker pod, as docs/operations.md ("Resources") derives them from the benchmarks.
REQUESTS = {
    "ingest": {"cpu": "200m", "memory": "384Mi"},
    "enrich": {"cpu": "500m", "memory": "1Gi"},
    "store": {"cpu": "500m", "memory": "384Mi"},
}


def kubectl_render(directory: Path) -> list[dict[str, Any]] | None:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        return None
    result = subprocess.run(
        [kubectl, "kustomize", str(directory)], capture_output=True, text=True, timeout=120, check=True
    )
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


@pytest.fixture(scope="module")
def rendered() -> list[dict[str, Any]]:
    return render(OVERLAY)


def by_kind(docs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for doc in docs if doc["kind"] == kind}


def containers(doc: dict[str, Any]) -> list[dict[str, Any]]:
    spec = doc["spec"]
    template = spec["jobTemplate"]["spec"]["template"] if doc["kind"] == "CronJob" else spec["template"]
    return list(template["spec"]["containers"])


def test_every_kustomization_path_exists() -> None:
    kustomizations = sorted(K8S.rglob("kustomization.yaml"))
    assert len(kustomizations) == 3
    for kustomization in kustomizations:
        for path in referenced_paths(kustomization.parent):
            assert path.exists(), f"{kustomization}: {path} does not exist"


def test_renderer_matches_kubectl_kustomize(rendered: list[dict[str, Any]]) -> None:
    expected = kubectl_render(OVERLAY)
    if expected is None:
        pytest.skip(
            "kubectl (with its built-in kustomize) is not installed; the Python renderer is used alone"
        )

    def keyed(docs: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
        return {(doc["kind"], doc["metadata"]["name"]): doc for doc in docs}

    assert keyed(rendered) == keyed(expected)


def test_objects_pass_the_kubernetes_schemas(rendered: list[dict[str, Any]]) -> None:
    kinds = set()
    for doc in rendered:
        if doc["apiVersion"].startswith("keda.sh/"):
            continue
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        kinds.add(doc["kind"])
    assert kinds == {"Namespace", "ConfigMap", "Secret", "Service", "Deployment", "Job", "CronJob"}


def test_the_schema_check_catches_mistakes(rendered: list[dict[str, Any]]) -> None:
    deployment = json.loads(json.dumps(by_kind(rendered, "Deployment")["newsflow-beat"]))
    deployment["spec"]["strategy"]["tpye"] = "Recreate"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)


def keda_errors(doc: dict[str, Any]) -> list[str]:
    """Where ``doc`` breaks the schema of its kind (the kind's definition, so each mistake is its own error)."""
    schema = json.loads(KEDA_SCHEMA.read_text(encoding="utf-8"))
    if doc.get("kind") not in schema["$defs"]:
        return [f"no schema for kind {doc.get('kind')!r}"]
    validator = Draft202012Validator({"$ref": f"#/$defs/{doc['kind']}", "$defs": schema["$defs"]})
    return [error.message for error in validator.iter_errors(doc)]


def test_keda_objects(rendered: list[dict[str, Any]]) -> None:
    scaled = by_kind(rendered, "ScaledObject")
    auth = by_kind(rendered, "TriggerAuthentication")
    deployments = by_kind(rendered, "Deployment")
    assert set(scaled) == {f"newsflow-{stage}" for stage in STAGES}
    for doc in [*scaled.values(), *auth.values()]:
        assert keda_errors(doc) == [], doc["metadata"]["name"]
    secret = by_kind(rendered, "Secret")["newsflow-secrets"]
    for stage in STAGES:
        spec = scaled[f"newsflow-{stage}"]["spec"]
        assert spec["scaleTargetRef"]["name"] in deployments
        assert "replicas" not in deployments[spec["scaleTargetRef"]["name"]]["spec"]  # KEDA owns it
        assert 1 <= spec["minReplicaCount"] <= spec["maxReplicaCount"]
        primary, secondary = spec["triggers"]
        # Prometheus first: newsflow_queue_depth counts deferred messages that LLEN misses.
        assert primary["type"] == "prometheus"
        assert primary["metadata"]["query"] == f'max(newsflow_queue_depth{{queue="{stage}"}})'
        assert secondary["type"] == "redis" and secondary["metadata"]["listName"] == stage
        assert secondary["authenticationRef"]["name"] in auth
    (ref,) = auth["newsflow-redis"]["spec"]["secretTargetRef"]
    assert ref["name"] == secret["metadata"]["name"] and ref["key"] in secret["stringData"]
    # The overlay's patches reached the objects.
    assert scaled["newsflow-enrich"]["spec"]["maxReplicaCount"] == 12
    assert all(
        s["spec"]["triggers"][0]["metadata"]["serverAddress"].startswith(
            "http://prometheus-server.monitoring"
        )
        for s in scaled.values()
    )


def test_the_keda_schema_catches_mistakes(rendered: list[dict[str, Any]]) -> None:
    doc = json.loads(json.dumps(by_kind(rendered, "ScaledObject")["newsflow-store"]))
    doc["spec"]["triggers"][0]["metadata"]["threshold"] = 300  # KEDA wants strings
    doc["spec"]["maxReplicas"] = 4  # misspelt
    del doc["spec"]["triggers"][1]["metadata"]["listName"]
    errors = keda_errors(doc)
    assert any("300 is not of type 'string'" in error for error in errors)
    assert any("maxReplicas" in error for error in errors)
    assert any("'listName' is a required property" in error for error in errors)


def test_workers(rendered: list[dict[str, Any]]) -> None:
    deployments = by_kind(rendered, "Deployment")
    services = by_kind(rendered, "Service")
    for stage in STAGES:
        (container,) = containers(deployments[f"newsflow-{stage}"])
        assert container["args"] == ["worker", stage]
        assert container["image"] == f"registry.example.com/newsflow/newsflow-{stage}:0.1.0"
        assert container["livenessProbe"]["exec"]["command"] == ["newsflow", "health", "live", stage]
        assert container["startupProbe"]["exec"]["command"] == ["newsflow", "health", "live", stage]
        assert container["readinessProbe"]["exec"]["command"] == ["newsflow", "health", "ready", stage]
        assert container["resources"]["requests"] == REQUESTS[stage]
        assert container["ports"] == [{"name": "metrics", "containerPort": 9100}]
        metrics = services[f"newsflow-{stage}-metrics"]["spec"]
        assert metrics["clusterIP"] == "None"
        assert metrics["selector"] == deployments[f"newsflow-{stage}"]["spec"]["selector"]["matchLabels"]


def test_api_beat_migrate_prune(rendered: list[dict[str, Any]]) -> None:
    deployments = by_kind(rendered, "Deployment")
    (api,) = containers(deployments["newsflow-api"])
    assert api["readinessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert api["startupProbe"]["httpGet"]["path"] == "/healthz"
    beat = deployments["newsflow-beat"]
    assert beat["spec"]["replicas"] == 1 and beat["spec"]["strategy"] == {"type": "Recreate"}
    (beat_container,) = containers(beat)
    config = by_kind(rendered, "ConfigMap")["newsflow-config"]["data"]
    mount = beat_container["volumeMounts"][0]["mountPath"]
    assert config["NEWSFLOW_SCHEDULE_FILE"] == f"{mount}/schedule.toml"
    assert "schedule.toml" in by_kind(rendered, "ConfigMap")["newsflow-schedule"]["data"]
    (migrate,) = containers(by_kind(rendered, "Job")["newsflow-migrate"])
    assert migrate["args"] == ["migrate"]
    prune = by_kind(rendered, "CronJob")["newsflow-prune"]
    assert prune["spec"]["concurrencyPolicy"] == "Forbid"
    assert containers(prune)[0]["args"] == [
        "prune",
        "--older-than",
        "30d",
        "--state-older-than",
        "2d",
        "--apply",
    ]
    # The overlay's ConfigMap patch merged into the base's settings.
    assert config["NEWSFLOW_HOST_DELAY"] == "2.0" and config["NEWSFLOW_METRICS_PORT"] == "9100"


def test_every_container_gets_settings_and_runs_unprivileged(rendered: list[dict[str, Any]]) -> None:
    workloads = [doc for doc in rendered if doc["kind"] in ("Deployment", "Job", "CronJob")]
    assert len(workloads) == 7
    for doc in workloads:
        for container in containers(doc):
            sources = [next(iter(source.values()))["name"] for source in container["envFrom"]]
            assert sources == ["newsflow-config", "newsflow-secrets"], doc["metadata"]["name"]
            assert container["resources"]["requests"] and container["resources"]["limits"]["memory"]
            assert container["securityContext"]["allowPrivilegeEscalation"] is False
        assert doc["metadata"]["namespace"] == "newsflow"
