#!/usr/bin/env python3
"""Real-stack scenarios of operations: probes, metrics, API docs, bulk jobs (see e2e_scenarios.py)."""

import json
import time

from e2e_support import Api, get, load_env, wait_for


def series(scrape, name, **labels):
    """The sum of a Prometheus series' samples whose labels include `labels`."""
    total = 0.0
    for line in scrape.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        head, value = line.rsplit(" ", 1)
        if all(f'{k}="{v}"' in head for k, v in labels.items()):
            total += float(value)
    return total


def operations(env_path):
    env = load_env(env_path)
    api = Api(env)
    api_url, api_mgmt, worker_mgmt = env["API_URL"], env["API_MANAGEMENT_URL"], env["WORKER_MANAGEMENT_URL"]
    for url in (api_url + "/actuator/health/liveness", api_url + "/actuator/health/readiness",
                worker_mgmt + "/actuator/health/liveness", worker_mgmt + "/actuator/health/readiness"):
        status, body = get(url)
        assert status == 200 and json.loads(body)["status"] == "UP", f"{url}: {status} {body}"
    status, body = get(api_mgmt + "/actuator/health")
    components = json.loads(body)["components"]
    assert components["temporal"]["status"] == "UP" and components["mongo"]["status"] == "UP", components
    status, _ = get(api_url + "/actuator/prometheus")
    assert status == 401, f"the public port served /actuator/prometheus: {status}"

    suffix = str(int(time.time()))[-6:]
    rule = api.ok("POST", "/api/crm/automations", {
        "name": "Metrics (e2e)", "trigger": "e2e_metrics_" + suffix,
        "steps": [{"action": {"type": "send_whatsapp", "params": {"templateName": "welcome"}}}]})
    _, api_before = get(api_mgmt + "/actuator/prometheus")
    _, worker_before = get(worker_mgmt + "/actuator/prometheus")
    fired = 5
    for i in range(fired):
        api.ok("POST", "/api/saas/workflows/trigger", {"trigger": rule["trigger"], "phone": f"+9198222{suffix}{i}",
                                                      "firstName": "Asha", "createLeadIfMissing": True})
    tenant = env["DEMO_CLIENT_CODE"]

    expected = (
        ("api", "leadflow_triggers_total", {"tenant": tenant, "outcome": "accepted"}, fired),
        ("api", "leadflow_trigger_accept_seconds_count", {}, fired),
        ("api", "leadflow_rules_match_seconds_count", {}, fired),
        ("worker", "leadflow_sequences_started_total", {"tenant": tenant}, fired),
        ("worker", "leadflow_sequences_closed_total", {"tenant": tenant, "status": "completed"}, fired),
        ("worker", "leadflow_sends_total", {"tenant": tenant, "channel": "whatsapp", "outcome": "sandboxed"}, fired),
        # The SDK's own metrics reach the registry every 10 s (the starter's reporting interval).
        ("api", "temporal_request_total", {"operation": "StartWorkflowExecution"}, fired),
        ("worker", "temporal_workflow_task_schedule_to_start_latency_seconds_count", {}, 1),
        ("worker", "temporal_activity_execution_latency_seconds_count", {}, fired))
    before = {"api": api_before, "worker": worker_before}

    def deltas():
        now = {"api": get(api_mgmt + "/actuator/prometheus")[1], "worker": get(worker_mgmt + "/actuator/prometheus")[1]}
        moved = [(where, name, labels, series(now[where], name, **labels) - series(before[where], name, **labels), at_least)
                 for where, name, labels, at_least in expected]
        return now, moved

    def all_moved():
        now, moved = deltas()
        return (now, moved) if all(delta >= at_least for *_, delta, at_least in moved) else None
    try:
        now, moved = wait_for("every series to move", all_moved, 45)
        api_after, worker_after = now["api"], now["worker"]
    except AssertionError:
        _, moved = deltas()
        raise AssertionError("not moved: " + "; ".join(f"{w} {n}{l or ''} +{d:g} (want {a})"
                                                        for w, n, l, d, a in moved if d < a))
    report = [f"{where} {name}{labels or ''} +{delta:g}" for where, name, labels, delta, _ in moved]
    assert "temporal_" in api_after and "temporal_" in worker_after

    status, body = get(api_url + "/v3/api-docs")
    assert status == 200, status
    paths = json.loads(body)["paths"]
    for path in ("/api/saas/workflows/trigger", "/api/crm/sequences/bulk/{jobId}", "/api/clients",
                 "/actuator/health/liveness"):
        assert path in paths, f"{path} missing from /v3/api-docs"
    print("      " + "\n      ".join(report))
    print(f"      /v3/api-docs: {sum(len(ops) for ops in paths.values())} operations on {len(paths)} paths")


def bulk(env_path):
    env = load_env(env_path)
    api = Api(env)
    suffix = str(int(time.time()))[-6:]
    rule = api.ok("POST", "/api/crm/automations", {
        "name": "Bulk (e2e)", "trigger": "e2e_bulk_" + suffix,
        "steps": [{"delay": {"value": 1, "unit": "days"}, "action": {"type": "add_tag", "params": {"tag": "later"}}}]})
    leads = 12
    for i in range(leads):
        api.ok("POST", "/api/saas/workflows/trigger", {"trigger": rule["trigger"], "phone": f"+9198333{suffix}{i:02d}",
                                                      "firstName": "Asha", "createLeadIfMissing": True})
    wait_for("the sequences to run", lambda: len(api.ok("GET", f"/api/crm/sequences?ruleId={rule['id']}&status=running"))
             == leads, 60)
    started = time.time()
    job = api.ok("POST", "/api/crm/sequences/bulk/pause", {"ruleId": rule["id"], "reason": "e2e"})
    answered = time.time() - started
    done = wait_for("the bulk job", lambda: (lambda j: j if j["status"] != "running" else None)(
        api.ok("GET", f"/api/crm/sequences/bulk/{job['id']}")), 60)
    assert done["status"] == "completed" and done["affected"] == leads, done
    cli, address, namespace = env.get("TEMPORAL_CLI"), env["TEMPORAL_ADDRESS"], env.get("TEMPORAL_NAMESPACE", "default")
    if not cli or env.get("TEMPORAL_MODE") != "cli":
        print(f"      bulk pause of {leads}: answered in {answered * 1000:.0f} ms, job completed"
              " (no temporal CLI: Temporal-side checks skipped)")
        return
    import subprocess

    def count(status):
        out = subprocess.run([cli, "workflow", "count", "--address", address, "--namespace", namespace, "--query",
                              f'RuleId="{rule["id"]}" AND SequenceStatus="{status}"'],
                             capture_output=True, text=True, timeout=30).stdout
        return int("".join(ch for ch in out if ch.isdigit()) or 0)
    wait_for(f"Temporal to list {leads} paused", lambda: count("paused") == leads, 30)
    # The runbook's batch: one CLI command signals every paused sequence of the rule (a Temporal batch operation).
    result = subprocess.run([cli, "workflow", "signal", "--address", address, "--namespace", namespace,
                             "--query", f'RuleId="{rule["id"]}" AND SequenceStatus="paused"', "--name", "resume",
                             "--reason", "e2e runbook", "--yes"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr or result.stdout
    wait_for(f"the batch to resume {leads}", lambda: count("running") == leads, 60)
    print(f"      bulk pause of {leads}: answered in {answered * 1000:.0f} ms, job completed; Temporal listed"
          f" SequenceStatus=\"paused\" x{leads}; the runbook's CLI batch signal resumed them")
