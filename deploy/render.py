#!/usr/bin/env python3
"""Render deploy/k8s (the kustomization, then the batch Job) to one multi-document YAML on
stdout, for offline validation in CI.

With `kubectl` on PATH this is `kubectl kustomize deploy/k8s`. Without it, a small merge of
what our kustomization.yaml uses (resources, labels with includeSelectors, images,
configMapGenerator with a content-hash suffix) stands in: enough to validate the manifests
against the Kubernetes schemas, not a kustomize replacement.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
K8S = os.path.join(HERE, "k8s")


def kustomize_with_kubectl():
    out = subprocess.run(["kubectl", "kustomize", K8S], check=True, capture_output=True, text=True)
    return list(yaml.safe_load_all(out.stdout))


def set_labels(obj, pairs, selectors):
    obj.setdefault("metadata", {}).setdefault("labels", {}).update(pairs)
    if not selectors:
        return
    kind = obj.get("kind")
    spec = obj.get("spec", {})
    if kind == "Deployment":
        spec["selector"]["matchLabels"].update(pairs)
        spec["template"]["metadata"].setdefault("labels", {}).update(pairs)
    elif kind == "Service":
        spec.setdefault("selector", {}).update(pairs)
    elif kind == "PodDisruptionBudget":
        spec["selector"]["matchLabels"].update(pairs)


def kustomize_by_hand():
    with open(os.path.join(K8S, "kustomization.yaml")) as f:
        k = yaml.safe_load(f)
    docs = []
    for r in k.get("resources", []):
        with open(os.path.join(K8S, r)) as f:
            docs.extend(d for d in yaml.safe_load_all(f) if d)
    renamed = {}
    for g in k.get("configMapGenerator", []):
        data = {}
        for spec in g.get("files", []):
            key, _, path = spec.partition("=")
            if not path:
                key, path = os.path.basename(spec), spec
            with open(os.path.join(K8S, path)) as f:
                data[key] = f.read()
        cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": g["name"]}, "data": data}
        digest = hashlib.sha256(json.dumps(cm, sort_keys=True).encode()).hexdigest()[:10]
        renamed[g["name"]] = f"{g['name']}-{digest}"
        cm["metadata"]["name"] = renamed[g["name"]]
        docs.insert(0, cm)
    images = {i["name"]: f"{i.get('newName', i['name'])}:{i['newTag']}" for i in k.get("images", [])}
    for d in docs:
        for lab in k.get("labels", []):
            set_labels(d, lab["pairs"], lab.get("includeSelectors", False))
        if d.get("kind") == "Deployment":
            pod = d["spec"]["template"]["spec"]
            for c in pod.get("containers", []):
                c["image"] = images.get(c["image"], c["image"])
            for v in pod.get("volumes", []):
                cm = v.get("configMap")
                if cm and cm["name"] in renamed:
                    cm["name"] = renamed[cm["name"]]
    return docs


def main():
    docs = kustomize_with_kubectl() if shutil.which("kubectl") else kustomize_by_hand()
    with open(os.path.join(K8S, "batch", "indexed-job.yaml")) as f:
        docs.extend(d for d in yaml.safe_load_all(f) if d)
    yaml.safe_dump_all(docs, sys.stdout, sort_keys=False)


if __name__ == "__main__":
    main()
