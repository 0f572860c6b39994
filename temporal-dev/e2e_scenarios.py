#!/usr/bin/env python3
"""Real-stack scenarios for temporal-dev/e2e.sh, run against a started local stack (its stack.env).

  e2e_scenarios.py STACK_ENV worker-kill   a sequence survives `kill -9` of the worker during a 10 s wait and runs
                                           each of its steps exactly once
  e2e_scenarios.py STACK_ENV channels      a sequence sends WhatsApp and email (sandbox outbox), books a Meet and
                                           calls a webhook; the trigger's callback and the webhook are verified
                                           here with the Standard Webhooks algorithm, written independently
  e2e_scenarios.py STACK_ENV readme        the README's "A first automation", verbatim: the lead has no email, so
                                           after skip-wait the sequence completes with that step failed
  e2e_scenarios.py STACK_ENV code-sequence a lead enrolled in a code sequence through the API, listed by the API
                                           and by Temporal's visibility (SequenceName), then terminated with the
                                           temporal CLI: the API reports it terminated within the reconcile bound
  e2e_scenarios.py STACK_ENV operations    probes on the api's public port and the worker's management port,
                                           Prometheus on both management ports (not on the public one): temporal_
                                           series, and leadflow_ series that move when triggers are fired;
                                           /v3/api-docs lists the routes
  e2e_scenarios.py STACK_ENV bulk          a bulk pause through the API's job, followed to completed; Temporal lists
                                           the rule's sequences by SequenceStatus="paused"; the runbook's CLI batch
                                           signal resumes them all
  e2e_scenarios.py STACK_ENV inbound       Meta's handshake; a reply in Meta's format, signed with the tenant's app
                                           secret and posted twice: one message, one lead_replied, the sequence exits,
                                           and the live stream (curl -N, as in the README) shows it; a bad signature
                                           is 401; webhook answer times measured
  e2e_scenarios.py STACK_ENV schedules     the demo tenant's Temporal Schedules exist on the real server, pause and
                                           resume through the admin API (seen by the temporal CLI), and a triggered
                                           no_contact run completes
  e2e_scenarios.py STACK_ENV broadcast     a broadcast to 10,000 sandbox leads (some opted out); the worker is killed
                                           with SIGKILL mid-way; it finishes with exact counts and one outbox row per
                                           recipient (no one sent twice)

Exit 0 = pass, 1 = fail (the reason on stderr). Standard library only.
"""

import base64
import hashlib
import hmac
import http.server
import json
import os
import signal
import sys
import threading
import time

from e2e_inbound import broadcast, inbound, schedules
from e2e_operations import bulk, operations
from e2e_support import Api, load_env, wait_for


def worker_kill(env_path):
    env = load_env(env_path)
    api = Api(env)
    suffix = str(int(time.time()))[-6:]
    rule = api.ok("POST", "/api/crm/automations", {
        "name": "Appointment follow-up (e2e)", "trigger": "e2e_appointment_" + suffix,
        "steps": [
            {"action": {"type": "add_tag", "params": {"tag": "confirmed"}}},
            {"delay": {"value": 10, "unit": "seconds"},
             "action": {"type": "move_stage", "params": {"stageName": "Qualified"}}},
            {"delay": {"value": 1, "unit": "days"},
             "action": {"type": "send_email", "params": {"subject": "See you soon, {{lead.firstName}}",
                                                         "body": "Your {{event.service}} is booked."}}}]})
    fired = api.ok("POST", "/api/saas/workflows/trigger", {
        "trigger": rule["trigger"], "phone": "+9198000" + suffix, "email": f"e2e{suffix}@example.com",
        "firstName": "Asha", "createLeadIfMissing": True, "variables": {"service": "Dental cleaning"}})
    lead_id = fired["leadId"]
    wait_for("the tag of step 1", lambda: "confirmed" in (api.ok("GET", f"/api/crm/leads/{lead_id}")["tags"] or []), 20, 0.3)

    old_pid = int(env["WORKER_PID"])
    os.kill(old_pid, signal.SIGKILL)
    print(f"      killed worker {old_pid} with SIGKILL during the 10 s wait")
    new_pid = wait_for("the launcher to restart the worker",
                       lambda: int(load_env(env_path).get("WORKER_PID", old_pid)) != old_pid and load_env(env_path)["WORKER_PID"], 60)
    print(f"      worker restarted as pid {new_pid}")

    def waiting_a_day():
        sequences = api.ok("GET", f"/api/crm/sequences?leadId={lead_id}")
        assert len(sequences) == 1, sequences
        s = sequences[0]
        return s if s.get("currentStepId") == "step-3" and s.get("nextWakeAt") else None
    sequence = wait_for("the sequence to move the lead and wait a day", waiting_a_day, 180)
    pipelines = api.ok("GET", "/api/crm/pipelines")
    stage_names = {stage["id"]: stage["name"] for p in pipelines for stage in p["stages"]}
    lead = api.ok("GET", f"/api/crm/leads/{lead_id}")
    assert stage_names.get(lead["stageId"]) == "Qualified", f"lead is in {stage_names.get(lead['stageId'])}"
    assert lead["tags"].count("confirmed") == 1, lead["tags"]

    events = api.ok("GET", f"/api/saas/events?leadId={lead_id}&limit=500")
    triggers = [e["trigger"] for e in events]
    assert triggers.count("tag_added") == 1, f"tag_added fired {triggers.count('tag_added')} times: {triggers}"
    assert triggers.count("stage_enter") == 1, f"stage_enter fired {triggers.count('stage_enter')} times: {triggers}"
    print(f"      {sequence['workflowId']}: tag once, stage moved once, now waiting until {sequence['nextWakeAt']}")


class Receiver(http.server.BaseHTTPRequestHandler):
    secret = b""
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        msg_id = self.headers.get("webhook-id", "")
        timestamp = self.headers.get("webhook-timestamp", "")
        signed = f"{msg_id}.{timestamp}.".encode() + body
        expected = "v1," + base64.b64encode(hmac.new(Receiver.secret, signed, hashlib.sha256).digest()).decode()
        offered = self.headers.get("webhook-signature", "").split(" ")
        verified = any(hmac.compare_digest(expected, s) for s in offered)
        fresh = abs(time.time() - int(timestamp or 0)) < 300
        Receiver.received.append({"path": self.path, "id": msg_id, "verified": verified and fresh,
                                  "body": json.loads(body)})
        self.send_response(200 if verified else 401)
        self.end_headers()

    def log_message(self, *args):
        pass


def channels(env_path):
    env = load_env(env_path)
    api = Api(env)
    Receiver.secret = base64.b64decode(env["DEMO_WEBHOOK_SECRET"].removeprefix("whsec_"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    receiver = f"http://127.0.0.1:{server.server_address[1]}"
    # Trigger callbacks go only to origins an admin allowed for the tenant (they are signed with its secret).
    Api(env, admin=True).ok("PUT", f"/api/clients/{env['DEMO_CLIENT_CODE']}/callback-origins", {"origins": [receiver]})
    try:
        suffix = str(int(time.time()))[-6:]
        rule = api.ok("POST", "/api/crm/automations", {
            "name": "Channels (e2e)", "trigger": "e2e_channels_" + suffix,
            "steps": [
                {"action": {"type": "send_whatsapp", "params": {"templateName": "appointment_reminder",
                                                                "language": "en",
                                                                "variables": ["{{lead.firstName}}", "{{event.service}}"]}}},
                {"action": {"type": "send_email", "params": {"subject": "Your {{event.service}}",
                                                             "body": "Hi {{lead.firstName}}, see you soon."}}},
                {"action": {"type": "create_meet", "params": {"summary": "Follow-up with {{lead.firstName}}",
                                                              "durationMinutes": 20}}},
                {"action": {"type": "webhook", "params": {"url": receiver + "/webhook",
                                                          "payload": {"lead": "{{lead.firstName}}",
                                                                      "meet": "{{resolved.meetLink}}"}}}}]})
        fired = api.ok("POST", "/api/saas/workflows/trigger", {
            "trigger": rule["trigger"], "phone": "+9198111" + suffix, "email": f"ch{suffix}@example.com",
            "firstName": "Asha", "createLeadIfMissing": True, "variables": {"service": "Dental cleaning"},
            "requiresMeet": True, "meet": {"summary": "Consultation", "startTime": "2030-01-15T10:00:00+05:30",
                                           "durationMinutes": 30},
            "callbackUrl": receiver + "/callback", "callbackMetadata": {"orderId": "E2E-" + suffix}})
        lead_id = fired["leadId"]
        assert fired.get("meetLink"), f"no meetLink in the trigger answer: {fired}"

        wait_for("the callback and the webhook", lambda: len(Receiver.received) >= 2, 90)
        by_path = {r["path"]: r for r in Receiver.received}
        callback, webhook = by_path["/callback"], by_path["/webhook"]
        assert callback["verified"] and webhook["verified"], "a signature did not verify"
        assert callback["body"]["eventLogId"] == fired["eventLogId"] and callback["body"]["meetLink"] == fired["meetLink"]
        assert callback["body"]["metadata"]["orderId"] == "E2E-" + suffix
        assert webhook["body"]["lead"] == "Asha" and webhook["body"]["meet"].startswith("https://"), webhook["body"]

        def outbox(channel):
            return [m for m in api.ok("GET", f"/api/saas/outbox?channel={channel}&leadId={lead_id}")]
        whatsapp = wait_for("the WhatsApp template in the outbox", lambda: outbox("whatsapp"), 30)[0]
        assert whatsapp["templateName"] == "appointment_reminder", whatsapp
        assert whatsapp["bodyVariables"] == ["Asha", "Dental cleaning"], whatsapp
        email = wait_for("the email in the outbox", lambda: outbox("email"), 30)[0]
        assert email["subject"] == "Your Dental cleaning", email
        meets = wait_for("the Meets in the outbox", lambda: len(outbox("meet")) >= 2 and outbox("meet"), 30)
        print(f"      whatsapp {whatsapp['bodyVariables']}, email '{email['subject']}', {len(meets)} Meet(s),"
              f" callback + webhook verified (meet link {fired['meetLink']})")
    finally:
        server.shutdown()


def readme(env_path):
    """README "A first automation", as written there (the rule, the trigger, following it, skip-wait)."""
    env = load_env(env_path)
    api = Api(env)
    suffix = str(int(time.time()))[-6:]
    trigger = "appointment_confirmed"
    for rule in api.ok("GET", f"/api/crm/automations?trigger={trigger}"):
        api.ok("DELETE", f"/api/crm/automations/{rule['id']}")  # the README's rule, once
    api.ok("POST", "/api/crm/automations", {
        "name": "Appointment follow-up", "trigger": trigger,
        "steps": [
            {"action": {"type": "add_tag", "params": {"tag": "confirmed"}}},
            {"delay": {"value": 10, "unit": "seconds"}, "action": {"type": "move_stage", "params": {"stageName": "Qualified"}}},
            {"delay": {"value": 1, "unit": "days"},
             "action": {"type": "send_email", "params": {"subject": "See you soon, {{lead.firstName}}",
                                                         "body": "Your {{event.service}} is booked."}}}],
        "exitOn": ["lead_replied"]})
    fired = api.ok("POST", "/api/saas/workflows/trigger", {
        "trigger": trigger, "phone": "+91987" + suffix + "10", "firstName": "Asha",
        "createLeadIfMissing": True, "variables": {"service": "Dental cleaning"}})
    lead_id = fired["leadId"]
    wait_for("the event to complete", lambda: api.ok("GET", f"/api/saas/events/{fired['eventLogId']}")["status"] == "completed", 30)

    def on_the_day_wait():
        s = api.ok("GET", f"/api/crm/sequences?leadId={lead_id}")[0]
        return s if s.get("currentStepId") == "step-3" and s.get("nextWakeAt") else None
    sequence = wait_for("the one-day wait", on_the_day_wait, 60)
    api.ok("POST", f"/api/crm/sequences/{sequence['workflowId']}/skip-wait")
    done = wait_for("the sequence to complete",
                    lambda: (lambda s: s if s["status"] == "completed" else None)(
                        api.ok("GET", f"/api/crm/sequences/{sequence['workflowId']}")), 60)
    outcomes = [step["outcome"] for step in done["steps"]]
    assert outcomes == ["done", "done", "failed"], outcomes
    assert done["steps"][2]["result"]["code"] == "LEAD_HAS_NO_EMAIL", done["steps"][2]
    print(f"      {sequence['workflowId']}: completed; the email step failed with LEAD_HAS_NO_EMAIL")


def code_sequence(env_path):
    """A code sequence enrolled through the API, seen by the API and Temporal; terminated with the CLI."""
    env = load_env(env_path)
    api = Api(env)
    suffix = str(int(time.time()))[-6:]
    lead = api.ok("POST", "/api/crm/leads", {"phone": "+91988" + suffix + "20", "firstName": "Mira",
                                              "email": f"mira{suffix}@example.com"})
    definitions = [d["name"] for d in api.ok("GET", "/api/crm/sequences/definitions")]
    assert "lead-nurture" in definitions, definitions
    enrolled = api.ok("POST", "/api/crm/sequences", {"sequence": "code:lead-nurture", "leadId": lead["id"]})
    workflow_id = enrolled["workflowId"]
    wait_for("the API to list it running",
             lambda: [s for s in api.ok("GET", f"/api/crm/sequences?leadId={lead['id']}") if s["status"] == "running"], 30)
    cli, address, namespace = env.get("TEMPORAL_CLI"), env["TEMPORAL_ADDRESS"], env.get("TEMPORAL_NAMESPACE", "default")
    if not cli or env.get("TEMPORAL_MODE") != "cli":
        print("      (no temporal CLI: Temporal-side checks skipped)")
        return
    import subprocess

    def temporal(*args):
        return subprocess.run([cli, *args, "--address", address, "--namespace", namespace],
                              capture_output=True, text=True, timeout=30)
    query = f'SequenceName="lead-nurture" AND LeadId="{lead["id"]}" AND ExecutionStatus="Running"'
    wait_for("Temporal to list it by SequenceName", lambda: workflow_id in temporal("workflow", "list", "--query", query).stdout, 30)
    result = temporal("workflow", "terminate", "--workflow-id", workflow_id, "--reason", "e2e: cleaned up by ops")
    assert result.returncode == 0, result.stderr
    started = time.time()
    # Through the background reconciler (no read of this sequence until it says so): the index itself follows.
    wait_for("the index to show it terminated",
             lambda: [s for s in api.ok("GET", f"/api/crm/sequences?leadId={lead['id']}&status=terminated")], 60)
    sequence = api.ok("GET", f"/api/crm/sequences/{workflow_id}")
    assert sequence["status"] == "terminated" and "cleaned up by ops" in sequence["exitReason"], sequence
    print(f"      {workflow_id}: listed by SequenceName in Temporal; terminated with the CLI, shown terminated"
          f" after {time.time() - started:.1f}s")


SCENARIOS = {"worker-kill": worker_kill, "channels": channels, "readme": readme, "code-sequence": code_sequence,
             "operations": operations, "bulk": bulk, "inbound": inbound, "schedules": schedules,
             "broadcast": broadcast}


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[2] not in SCENARIOS:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    try:
        SCENARIOS[sys.argv[2]](sys.argv[1])
    except AssertionError as e:
        print(str(e), file=sys.stderr)
        sys.exit(1)
