"""The kustomize overlays render, validate against Kubernetes schemas, and wire up correctly."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

import k8s_checks as kc
import pytest
import yaml
from deploy_common import SERVICES, known_settings, missing_settings, setting_problem

Obj = dict[str, Any]


@pytest.fixture(scope="module")
def known() -> set[str]:
    return known_settings()


@pytest.fixture(scope="module")
def dev() -> list[Obj]:
    return kc.render("dev")


@pytest.fixture(scope="module")
def prod() -> list[Obj]:
    return kc.render("prod")


def by_kind(objs: list[Obj], kind: str) -> dict[str, Obj]:
    return {o["metadata"]["name"]: o for o in objs if o["kind"] == kind}


def config(objs: list[Obj]) -> dict[str, str]:
    (cm,) = by_kind(objs, "ConfigMap").values()
    return cm["data"]


def quantity(value: str) -> float:
    """A Kubernetes cpu or memory quantity as a number (enough for 100m, 2, 512Mi, 1Gi)."""
    units = {"m": 1e-3, "": 1, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    number, unit = re.fullmatch(r"([\d.]+)(m|Ki|Mi|Gi|)", str(value)).groups()  # type: ignore[union-attr]
    return float(number) * units[unit]


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_overlay_passes_every_check(overlay: str, known: set[str]) -> None:
    # prod reads its Secret from outside the overlay; dev must be self-contained.
    external = kc.external_secrets() if overlay == "prod" else None
    assert kc.all_problems(kc.render(overlay), known, external) == []


def test_dev_runs_one_pod_of_everything_from_the_dev_image(dev: list[Obj]) -> None:
    assert by_kind(dev, "HorizontalPodAutoscaler") == {}
    deployments = by_kind(dev, "Deployment")
    assert {d["spec"].get("replicas", 1) for d in deployments.values()} == {1}
    images = {c["image"] for _, t in kc.pod_templates(dev) for c in kc.containers(t)}
    assert images == {"influencer-campaign-platform:dev"}
    assert by_kind(dev, "Secret"), "dev generates its throwaway Secret"


def test_prod_uses_idempotent_producer_more_replicas_and_bigger_pods(dev: list[Obj], prod: list[Obj]) -> None:
    assert config(prod)["KAFKA_ENABLE_IDEMPOTENCE"] == "true"
    hpas = by_kind(prod, "HorizontalPodAutoscaler")
    assert {h["spec"]["scaleTargetRef"]["name"] for h in hpas.values()} == {f"{s}-api" for s in SERVICES}
    assert all(h["spec"]["minReplicas"] >= 2 for h in hpas.values())
    pdbs = {f"{s}-{c}" for s in SERVICES for c in ("api", "worker")}
    assert set(by_kind(prod, "PodDisruptionBudget")) == pdbs
    prod_deployments, dev_deployments = by_kind(prod, "Deployment"), by_kind(dev, "Deployment")
    for svc in SERVICES:
        assert prod_deployments[f"{svc}-worker"]["spec"]["replicas"] >= 2
    for name, deployment in prod_deployments.items():
        (big,) = deployment["spec"]["template"]["spec"]["containers"]
        (small,) = dev_deployments[name]["spec"]["template"]["spec"]["containers"]
        for section, key in (("requests", "cpu"), ("requests", "memory"), ("limits", "memory")):
            assert quantity(big["resources"][section][key]) > quantity(small["resources"][section][key]), (
                f"{name}: prod {section}.{key} is not above dev's"
            )
    assert not by_kind(prod, "Secret"), "prod must not ship a Secret: it is external"
    images = {c["image"] for _, t in kc.pod_templates(prod) for c in kc.containers(t)}
    assert len(images) == 1 and not images.pop().endswith((":dev", ":latest"))


def test_release_first_pass_applies_the_migration_without_the_apps(dev: list[Obj], prod: list[Obj]) -> None:
    # docs/runbooks/deploy.md step 2: -l 'app.kubernetes.io/component notin (api,worker)'
    for objs in (dev, prod):
        labels = {kc.name(o): o["metadata"].get("labels", {}) for o in objs}
        first = {
            n for n, lab in labels.items() if lab.get("app.kubernetes.io/component") not in ("api", "worker")
        }
        assert "Job/icp-migrate" in first
        kinds = {n.split("/")[0] for n in first}
        assert {"Namespace", "ServiceAccount", "ConfigMap"} <= kinds
        assert ("Secret" in kinds) == (objs is dev)  # prod's Secret is external
        assert kinds.isdisjoint({"Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"})
        assert "NetworkPolicy" in kinds  # the migration's pod needs its egress to PostgreSQL


def test_secret_template_is_valid_and_carries_what_the_pods_need(known: set[str], prod: list[Obj]) -> None:
    secret = yaml.safe_load(kc.SECRET_TEMPLATE.read_text())
    assert kc.schema_problems([secret]) == []
    keys = set(secret["stringData"])
    assert [p for k in keys if (p := setting_problem(k, known))] == []
    assert missing_settings(keys | set(config(prod)), list(SERVICES)) == []


def test_secret_template_carries_every_key_that_encrypts_or_signs_at_rest() -> None:
    """A service's `*_keys` setting (Fernet keys for stored secrets, HMAC keys for links): without
    it production refuses the work those keys protect, so the Secret must carry each one."""
    from shared.cli.registry import service

    wanted = {f"{name}_{field}".upper() for name in SERVICES
              for field in service(name).settings_cls.model_fields if field.endswith("_keys")}
    assert wanted  # the services do keep secrets at rest
    assert wanted <= set(yaml.safe_load(kc.SECRET_TEMPLATE.read_text())["stringData"])


def test_prod_verifies_rs256_tokens_from_a_jwks_and_refuses_development_settings(prod: list[Obj]) -> None:
    from shared.auth import signing_key_problem
    from shared.settings import BaseServiceSettings

    settings = config(prod)
    assert settings["ENVIRONMENT"] == "production"
    assert "JWT_SECRET" not in yaml.safe_load(kc.SECRET_TEMPLATE.read_text())["stringData"]
    fields = {k.lower(): v for k, v in settings.items() if k.lower() in BaseServiceSettings.model_fields}
    assert signing_key_problem(BaseServiceSettings(**fields)) is None
    assert settings["JWT_JWKS_URL"].startswith("https://")


# --- the checks themselves must fail on broken manifests -------------------------------------


def _container(objs: list[Obj], deployment: str) -> Obj:
    return by_kind(objs, "Deployment")[deployment]["spec"]["template"]["spec"]["containers"][0]


def _service(objs: list[Obj], name: str) -> Obj:
    return by_kind(objs, "Service")[name]


def _typo_in_config(objs: list[Obj]) -> None:
    (cm,) = by_kind(objs, "ConfigMap").values()
    cm["data"]["DATABSE_URL"] = "postgresql+asyncpg://x@db:5432/x"


def _typo_in_field(objs: list[Obj]) -> None:
    container = _container(objs, "tracking-api")
    container["readinesProbe"] = container.pop("readinessProbe")


BROKEN: dict[str, tuple[Callable[[list[Obj]], None], str]] = {
    "api without readiness probe": (
        lambda o: _container(o, "discovery-api").pop("readinessProbe"),
        "discovery-api/api: readinessProbe must be an httpGet of /readyz",
    ),
    "liveness probe on a port the container lacks": (
        lambda o: _container(o, "campaigns-api")["livenessProbe"]["httpGet"].update(port=9000),
        "livenessProbe port 9000 is no container port",
    ),
    "service selecting no pod": (
        lambda o: _service(o, "tracking")["spec"]["selector"].update({"app.kubernetes.io/name": "trackng"}),
        "Service/tracking: selector",
    ),
    "service targetPort not a container port": (
        lambda o: _service(o, "compliance")["spec"]["ports"][0].update(targetPort=8080),
        "Service/compliance: targetPort 8080 is no container port",
    ),
    "container port differs from the served port": (
        lambda o: _container(o, "compliance-api")["ports"][0].update(containerPort=8080),
        "no containerPort 8004",
    ),
    "env var name typo in the ConfigMap": (_typo_in_config, "unknown setting 'DATABSE_URL'"),
    "env var name typo in a container": (
        lambda o: (
            _container(o, "discovery-worker")
            .setdefault("env", [])
            .append({"name": "KAFKA_BOOTSTRAP_SERVER", "value": "kafka:9092"})
        ),
        "unknown setting 'KAFKA_BOOTSTRAP_SERVER'",
    ),
    "misspelt field (strict schema)": (_typo_in_field, "readinesProbe"),
    "running as root allowed": (
        lambda o: by_kind(o, "Deployment")["campaigns-worker"]["spec"]["template"]["spec"].pop(
            "securityContext"
        ),
        "campaigns-worker/worker: must run as non-root",
    ),
    "prometheus scraping the wrong port": (
        lambda o: by_kind(o, "Deployment")["discovery-api"]["spec"]["template"]["metadata"][
            "annotations"
        ].update({"prometheus.io/port": "9090"}),
        "discovery-api/api: prometheus.io",
    ),
    "worker without liveness probe": (
        lambda o: _container(o, "compliance-worker").pop("livenessProbe"),
        "compliance-worker/worker: livenessProbe must be an httpGet of /healthz",
    ),
    "worker liveness on another port": (
        lambda o: _container(o, "campaigns-worker")["livenessProbe"]["httpGet"].update(port=8002),
        "campaigns-worker/worker: livenessProbe port 8002 is not",
    ),
    "worker scraped on the wrong port": (
        lambda o: by_kind(o, "Deployment")["tracking-worker"]["spec"]["template"]["metadata"][
            "annotations"
        ].update({"prometheus.io/port": "8003"}),
        "tracking-worker/worker: prometheus.io",
    ),
    "worker metrics closed to Prometheus": (
        lambda o: o.remove(by_kind(o, "NetworkPolicy")["worker-metrics-from-monitoring"]),
        "no NetworkPolicy lets Prometheus reach its metrics port",
    ),
    "missing worker": (
        lambda o: o.remove(by_kind(o, "Deployment")["tracking-worker"]),
        "no worker Deployment runs `icp worker tracking`",
    ),
    "privileged container": (
        lambda o: _container(o, "tracking-worker")["securityContext"].update(privileged=True),
        "tracking-worker/worker: must not be privileged",
    ),
    "writable root filesystem": (
        lambda o: _container(o, "discovery-api")["securityContext"].update(readOnlyRootFilesystem=False),
        "discovery-api/api: readOnlyRootFilesystem must be true",
    ),
    "capability added": (
        lambda o: _container(o, "compliance-api")["securityContext"]["capabilities"].update(
            add=["NET_ADMIN"]),
        "compliance-api/api: must add no capability",
    ),
    "capabilities kept": (
        lambda o: by_kind(o, "Job")["icp-migrate"]["spec"]["template"]["spec"]["containers"][0][
            "securityContext"]["capabilities"].pop("drop"),
        "Job/icp-migrate/migrate: capabilities.drop must be [ALL]",
    ),
    "no default deny": (
        lambda o: o.remove(by_kind(o, "NetworkPolicy")["default-deny"]),
        "no default-deny NetworkPolicy",
    ),
    "api unreachable from the ingress": (
        lambda o: o.remove(by_kind(o, "NetworkPolicy")["api-from-ingress"]),
        "Deployment/campaigns-api: no NetworkPolicy lets the ingress namespace reach its port",
    ),
    "egress anywhere": (
        lambda o: by_kind(o, "NetworkPolicy")["egress-kafka"]["spec"]["egress"][0].pop("ports"),
        "allows egress to any port or anywhere",
    ),
    "egress to another port": (
        lambda o: by_kind(o, "NetworkPolicy")["egress-postgres"]["spec"]["egress"][0]["ports"].append(
            {"port": 6379, "protocol": "TCP"}),
        "allows egress to port 6379",
    ),
    "unpinned image": (
        lambda o: _container(o, "campaigns-api").update(image="influencer-campaign-platform"),
        "has no pinned tag",
    ),
}


@pytest.mark.parametrize("mistake", BROKEN)
def test_checks_report_broken_manifests(mistake: str, dev: list[Obj], known: set[str]) -> None:
    mutate, expected = BROKEN[mistake]
    objs = copy.deepcopy(dev)
    mutate(objs)
    problems = kc.all_problems(objs, known)
    assert any(expected in p for p in problems), problems


def test_prod_provisions_every_topic_with_strimzi_and_the_checks_catch_a_lost_one(
    prod: list[Obj], dev: list[Obj], known: set[str],
) -> None:
    topics = by_kind(prod, "KafkaTopic")
    assert "tracking.post" in {t["spec"]["topicName"] for t in topics.values()}
    assert all(t["metadata"]["namespace"] == "icp" for t in topics.values())
    assert config(prod)["KAFKA_CREATE_TOPICS"] == "false"
    assert "icp-topics" in by_kind(dev, "Job"), "dev has no Topic Operator: a Job creates them"
    external = kc.external_secrets()
    lost = copy.deepcopy(prod)
    lost.remove(next(o for o in lost if o["kind"] == "KafkaTopic"))
    assert any("differ from the plan" in p for p in kc.all_problems(lost, known, external))
    creating = copy.deepcopy(prod)
    for cm in by_kind(creating, "ConfigMap").values():
        cm["data"].pop("KAFKA_CREATE_TOPICS")
    assert any("KAFKA_CREATE_TOPICS=false" in p for p in kc.all_problems(creating, known, external))
    unprovisioned = [o for o in copy.deepcopy(dev) if o["metadata"]["name"] != "icp-topics"]
    assert any("nothing provisions the topics" in p for p in kc.all_problems(unprovisioned, known))


def test_prod_reaches_the_bootstrap_service_of_the_strimzi_cluster_its_topics_name(prod: list[Obj]) -> None:
    """Strimzi serves a cluster's bootstrap as `<cluster>-kafka-bootstrap` in the Kafka's
    namespace; pods pointed anywhere else find no broker and never become ready."""
    clusters = {t["metadata"]["labels"]["strimzi.io/cluster"] for t in by_kind(prod, "KafkaTopic").values()}
    assert len(clusters) == 1
    host = config(prod)["KAFKA_BOOTSTRAP_SERVERS"].split(",")[0].split(":")[0]
    assert host.split(".")[0] == f"{clusters.pop()}-kafka-bootstrap"
    policy = next(p for p in by_kind(prod, "NetworkPolicy").values() if "kafka" in p["metadata"]["name"])
    namespaces = {peer.get("namespaceSelector", {}).get("matchLabels", {}).get("kubernetes.io/metadata.name")
                  for rule in policy["spec"]["egress"] for peer in rule["to"]}
    assert host.split(".")[1] in namespaces
