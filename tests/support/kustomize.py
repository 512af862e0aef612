"""Render a kustomization without kustomize: the subset of kustomize that deploy/k8s uses.

``kubectl kustomize`` (kustomize built in) renders deploy/k8s where kubectl is installed, and the tests compare
it with this renderer. Where it is not, this renderer is what the manifests are checked through. It supports:
``resources`` (files and directories), ``components``, ``namespace``, ``labels`` (``pairs`` with
``includeTemplates``; selectors untouched), ``images`` (``newName``/``newTag``), and ``patches`` — strategic
merge patches from a file (mappings merged; lists replaced, enough for the fields our patches set) and inline
JSON 6902 patches with a ``target`` (``add``/``replace`` ops). Anything else in a kustomization fails loudly.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

SUPPORTED = {"apiVersion", "kind", "resources", "components", "namespace", "labels", "images", "patches"}
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition"}


def load_kustomization(directory: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((directory / "kustomization.yaml").read_text(encoding="utf-8"))
    unsupported = set(data) - SUPPORTED
    if unsupported:
        raise ValueError(f"{directory}: this renderer does not support {sorted(unsupported)}")
    return data


def referenced_paths(directory: Path) -> list[Path]:
    """Every file or directory a kustomization names (resources, components, patch files)."""
    data = load_kustomization(directory)
    paths = [directory / entry for entry in [*data.get("resources", []), *data.get("components", [])]]
    paths += [directory / patch["path"] for patch in data.get("patches", []) if "path" in patch]
    return paths


def _load_resources(directory: Path, entries: list[str]) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    for entry in entries:
        path = directory / entry
        if path.is_dir():
            docs += render(path)
        else:
            docs += [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]
    return docs


def _pod_templates(doc: dict[str, Any]) -> list[dict[str, Any]]:
    spec = doc.get("spec", {})
    if doc["kind"] == "CronJob":
        return [spec["jobTemplate"]["spec"]["template"]]
    return [spec["template"]] if "template" in spec else []


def _merge(base: Any, patch: Any) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = dict(base)
        for key, value in patch.items():
            merged[key] = _merge(base[key], value) if key in base else copy.deepcopy(value)
        return merged
    return copy.deepcopy(patch)


def _matches(doc: dict[str, Any], target: dict[str, Any]) -> bool:
    group, _, version = doc["apiVersion"].rpartition("/")
    checks = {"group": group, "version": version, "kind": doc["kind"], "name": doc["metadata"]["name"]}
    return all(checks[key] == value for key, value in target.items() if key in checks)


def _json_patch(doc: dict[str, Any], operations: list[dict[str, Any]]) -> None:
    for operation in operations:
        if operation["op"] not in ("add", "replace"):
            raise ValueError(f"unsupported JSON patch op {operation['op']}")
        *parents, last = [part for part in operation["path"].split("/") if part]
        node: Any = doc
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = operation["value"]
        else:
            if operation["op"] == "replace" and last not in node:
                raise KeyError(f"replace of missing {operation['path']}")
            node[last] = operation["value"]


def _apply_patches(docs: list[dict[str, Any]], directory: Path, patches: list[dict[str, Any]]) -> None:
    for patch in patches:
        if "path" in patch:
            body = yaml.safe_load((directory / patch["path"]).read_text(encoding="utf-8"))
            target = {"kind": body["kind"], "name": body["metadata"]["name"]}
            hits = [i for i, doc in enumerate(docs) if _matches(doc, target)]
            if len(hits) != 1:
                raise ValueError(f"patch {patch['path']} matches {len(hits)} resources")
            docs[hits[0]] = _merge(docs[hits[0]], body)
        else:
            operations = yaml.safe_load(patch["patch"])
            hits = [doc for doc in docs if _matches(doc, patch["target"])]
            if not hits:
                raise ValueError(f"patch target {patch['target']} matches nothing")
            for doc in hits:
                _json_patch(doc, operations)


def render(directory: Path) -> list[dict[str, Any]]:
    """The resources of the kustomization in ``directory``, transformed as kustomize would."""
    data = load_kustomization(directory)
    docs = _load_resources(directory, data.get("resources", []))
    for component in data.get("components", []):
        component_dir = directory / component
        component_data = load_kustomization(component_dir)
        docs += _load_resources(component_dir, component_data.get("resources", []))
        _apply_patches(docs, component_dir, component_data.get("patches", []))
    for entry in data.get("labels", []):
        for doc in docs:
            doc["metadata"].setdefault("labels", {}).update(entry["pairs"])
            if entry.get("includeTemplates"):
                if doc["kind"] == "CronJob":  # kustomize labels the Job template too
                    job = doc["spec"]["jobTemplate"]
                    job.setdefault("metadata", {}).setdefault("labels", {}).update(entry["pairs"])
                for template in _pod_templates(doc):
                    template.setdefault("metadata", {}).setdefault("labels", {}).update(entry["pairs"])
    for image in data.get("images", []):
        for doc in docs:
            for template in _pod_templates(doc):
                for container in template["spec"].get("containers", []):
                    if container["image"].split(":")[0] == image["name"]:
                        container["image"] = f"{image.get('newName', image['name'])}:{image['newTag']}"
    _apply_patches(docs, directory, data.get("patches", []))
    if "namespace" in data:
        for doc in docs:
            if doc["kind"] not in CLUSTER_SCOPED:
                doc["metadata"]["namespace"] = data["namespace"]
    return docs
