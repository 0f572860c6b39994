#!/usr/bin/env python3
"""The chaos suite's load, faults and accounting, run by temporal-dev/chaos.sh against a started local stack.

  chaos.py STACK_ENV --sequences=N [--tenants=3] [--rate=4] [--report=FILE]

Load: N leads spread over the tenants, fired at --rate triggers/s. Each enrolls in a five-step sequence: a sandbox
WhatsApp template, a 10 s delay then a signed webhook action, a waitFor(lead_replied, 60 s), a sandbox email, a tag.
A quarter of the leads reply while the sequence waits (the harness fires lead_replied when it sees the wait), a
quarter are stopped by an exitOn event once their first step ran, and every other trigger asks for a signed callback.
A local receiver verifies every signature and records every webhook-id.

Faults, in one thread while the load runs: the worker is killed with SIGKILL five times (during sends and during
waits; the launcher restarts it), the Temporal server is restarted twice (SIGTERM, then SIGKILL; the launcher restarts
it on its SQLite file), the store is made unreachable for 20 s (SIGSTOP, then SIGCONT), and the api is restarted once
(SIGTERM) while triggers arrive. Clients retry as a client site would: the same idempotencyKey until an answer.

Checks, printed as counts: every accepted event completed (or failed with a reason), none left received/processing;
every sequence ended with exactly the expected steps for what it was sent (a reply or stop that a fault delayed
past the point it could act is proven late from the workflow's own history, counted and allowed); 0 lost and 0 duplicate outbox sends, webhooks and callbacks
(by webhook-id; redeliveries of one webhook-id are at-least-once delivery, counted and allowed). Exit 0 = all held.
Standard library only.
"""
import argparse
import base64
import collections
import hashlib
import hmac
import http.server
import json
import os
import subprocess
import signal
import sys
import threading
import time
import urllib.error
import urllib.request

from e2e_scenarios import load_env

RETRYABLE_STATUS = {429, 500, 502, 503, 504}
PLAN = ["step-1", "step-2", "reply", "step-4", "step-5"]


def log(message):
    print(time.strftime("%H:%M:%S ") + message, flush=True)


class Client:
    """One tenant's (or the admin's) HTTP client that rides out api restarts and store outages like a client site."""

    def __init__(self, base, headers):
        self.base = base
        self.headers = dict(headers, **{"content-type": "application/json"})

    def call(self, method, path, body=None, timeout=30):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=self.headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                return e.code, json.loads(raw or b"null")
            except ValueError:
                return e.code, {"raw": raw[:200].decode(errors="replace")}

    def retrying(self, method, path, body=None, give_up_after=300):
        """Retries connection errors and 429/5xx with backoff, as a client site should; returns (status, answer)."""
        deadline = time.time() + give_up_after
        pause = 0.5
        while True:
            try:
                status, answer = self.call(method, path, body)
                if status not in RETRYABLE_STATUS:
                    return status, answer
                last = f"HTTP {status}"
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as e:
                last = str(e)
            if time.time() > deadline:
                raise AssertionError(f"{method} {path}: no answer within {give_up_after}s (last: {last})")
            time.sleep(pause)
            pause = min(pause * 2, 5)

    def ok(self, method, path, body=None):
        status, answer = self.retrying(method, path, body)
        if status >= 300:
            raise AssertionError(f"{method} {path} answered {status}: {answer}")
        return answer["data"]


class Receiver(http.server.BaseHTTPRequestHandler):
    """Callbacks at /cb/<tenant>, webhook actions at /wh/<tenant>/<leadId>; every delivery verified and recorded."""
    secrets = {}
    deliveries = []
    lock = threading.Lock()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        parts = self.path.strip("/").split("/")
        tenant = parts[1] if len(parts) > 1 else ""
        msg_id = self.headers.get("webhook-id", "")
        timestamp = self.headers.get("webhook-timestamp", "")
        secret = Receiver.secrets.get(tenant, b"")
        expected = "v1," + base64.b64encode(hmac.new(secret, f"{msg_id}.{timestamp}.".encode() + body,
                                                     hashlib.sha256).digest()).decode()
        verified = any(hmac.compare_digest(expected, s) for s in self.headers.get("webhook-signature", "").split(" "))
        try:
            payload = json.loads(body)
        except ValueError:
            payload = None
        with Receiver.lock:
            Receiver.deliveries.append({"kind": parts[0], "tenant": tenant, "path": self.path, "id": msg_id,
                                        "verified": verified, "body": payload})
        self.send_response(200 if verified else 401)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


WAIT_SECONDS = 60  # the reply wait: longer than any one outage the faults cause


class Lead:
    def __init__(self, index, tenant, kind, callback):
        self.index, self.tenant, self.kind, self.callback = index, tenant, kind, callback
        self.phone = "+9177%08d" % index
        self.key = f"chaos-signup-{index}"
        self.event_id = self.lead_id = None
        self.followup = None  # (event id) of the lead_replied / chaos_stop this lead was sent
        self.followup_sent_at = None
        self.workflow_id = None


class Chaos:
    def __init__(self, env_path, args):
        self.env_path = env_path
        self.env = load_env(env_path)
        self.args = args
        self.admin = Client(self.env["API_URL"], {"authorization": "Bearer " + self.env["ADMIN_TOKEN"]})
        self.tenants = {}   # code -> Client
        self.rules = {}     # code -> rule id
        self.leads = []
        self.faults = []
        self.accepted_events = {}  # event id -> what
        self.load_done = threading.Event()
        self.stop = threading.Event()
        self.allowed = collections.Counter()  # follow-ups that came too late to act, proven from the histories
        self.lock = threading.Lock()

    # -- set-up ---------------------------------------------------------------------------------------------------
    def provision(self, receiver):
        for i in range(1, self.args.tenants + 1):
            code = f"chaos-{i}"
            created = self.admin.ok("POST", "/api/clients", {"clientCode": code, "name": f"Chaos {i}", "sandbox": True})
            key = created.get("secretKey") or created["apiKey"]
            Receiver.secrets[code] = base64.b64decode(created["webhookSecret"].removeprefix("whsec_"))
            self.admin.ok("PUT", f"/api/clients/{code}/callback-origins", {"origins": [receiver]})
            client = Client(self.env["API_URL"], {"x-client-code": code, "x-api-key": key})
            rule = client.ok("POST", "/api/crm/automations", {
                "name": "Chaos signup", "trigger": "chaos_signup",
                "steps": [
                    {"action": {"type": "send_whatsapp", "params": {"templateName": "welcome", "language": "en",
                                                                    "variables": ["{{lead.firstName}}"]}}},
                    {"delay": {"value": 10, "unit": "seconds"},
                     "action": {"type": "webhook", "params": {"url": f"{receiver}/wh/{code}/{{{{lead.id}}}}",
                                                              "payload": {"lead": "{{lead.id}}", "step": "step-2"}}}},
                    {"id": "reply", "waitFor": {"events": ["lead_replied"], "timeout": {"value": WAIT_SECONDS, "unit": "seconds"}},
                     "action": {"type": "none"}},
                    {"action": {"type": "send_email", "params": {"subject": "Welcome {{lead.firstName}}",
                                                                 "body": "Glad you are here."}}},
                    {"action": {"type": "add_tag", "params": {"tag": "chaos-done"}}}],
                "exitOn": ["chaos_stop"]})
            self.tenants[code] = client
            self.rules[code] = rule["id"]
        log(f"provisioned {len(self.tenants)} sandbox tenants, each with the five-step rule")

    # -- load -----------------------------------------------------------------------------------------------------
    def fire(self, lead, receiver):
        body = {"trigger": "chaos_signup", "phone": lead.phone, "email": f"lead{lead.index}@example.com",
                "firstName": f"Lead{lead.index}", "createLeadIfMissing": True, "idempotencyKey": lead.key}
        if lead.callback:
            body["callbackUrl"] = f"{receiver}/cb/{lead.tenant}"
            body["callbackMetadata"] = {"lead": lead.index}
        status, answer = self.tenants[lead.tenant].retrying("POST", "/api/saas/workflows/trigger", body)
        if status not in (200, 202):
            raise AssertionError(f"trigger {lead.key} answered {status}: {answer}")
        lead.event_id, lead.lead_id = answer["data"]["eventLogId"], answer["data"].get("leadId")
        with self.lock:
            self.accepted_events[lead.event_id] = (lead.tenant, "signup " + lead.key)

    def run_load(self, receiver):
        kinds = ["plain", "plain", "replies", "stops"]
        tenant_codes = sorted(self.tenants)
        for i in range(self.args.sequences):
            self.leads.append(Lead(i, tenant_codes[i % len(tenant_codes)], kinds[(i // len(tenant_codes)) % 4],
                                   callback=i % 2 == 0))
        interval = 1.0 / self.args.rate
        started = time.time()
        workers = []
        for lead in self.leads:
            due = started + lead.index * interval
            time.sleep(max(0.0, due - time.time()))
            t = threading.Thread(target=self.fire_safely, args=(lead, receiver), daemon=True)
            t.start()
            workers.append(t)
        for t in workers:
            t.join()
        took = time.time() - started
        self.load_done.set()
        log(f"load: {len(self.leads)} triggers accepted in {took:.0f}s")

    def fire_safely(self, lead, receiver):
        try:
            self.fire(lead, receiver)
        except AssertionError as e:
            log(f"LOST? {e}")

    def follow_ups(self):
        """Fires lead_replied for 'replies' leads seen waiting, chaos_stop for 'stops' leads past their first step."""
        pending = {lead.lead_id: lead for lead in self.leads if lead.kind != "plain"}
        while not self.stop.is_set():
            for code, client in self.tenants.items():
                try:
                    status, answer = client.call("GET", f"/api/crm/sequences?ruleId={self.rules[code]}&status=running&limit=500")
                except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                    continue
                if status != 200:
                    continue
                for sequence in answer["data"]:
                    lead = pending.get(sequence["leadId"])
                    if lead is None or lead.followup is not None:
                        continue
                    step = sequence.get("currentStepId")
                    if lead.kind == "replies" and step == "reply":
                        self.follow_up(lead, "lead_replied")
                    elif lead.kind == "stops" and step in ("step-2", "reply"):
                        self.follow_up(lead, "chaos_stop")
            for lead in self.leads:
                if lead.lead_id and lead.lead_id not in pending and lead.kind != "plain":
                    pending[lead.lead_id] = lead
            time.sleep(1)

    def follow_up(self, lead, trigger):
        lead.followup = "firing"
        status, answer = self.tenants[lead.tenant].retrying("POST", "/api/saas/workflows/trigger", {
            "trigger": trigger, "phone": lead.phone, "idempotencyKey": f"chaos-{trigger}-{lead.index}"})
        if status not in (200, 202):
            raise AssertionError(f"{trigger} for {lead.key} answered {status}: {answer}")
        lead.followup = answer["data"]["eventLogId"]
        lead.followup_sent_at = time.time()
        with self.lock:
            self.accepted_events[lead.followup] = (lead.tenant, f"{trigger} {lead.key}")

    # -- faults ---------------------------------------------------------------------------------------------------
    def pid(self, name):
        value = load_env(self.env_path).get(name + "_PID", "")
        return int(value) if value else None

    def await_restart(self, name, old_pid, timeout=180):
        deadline = time.time() + timeout
        while time.time() < deadline:
            new = self.pid(name)
            if new and new != old_pid:
                return new
            time.sleep(0.5)
        raise AssertionError(f"the launcher did not restart the {name.lower()} within {timeout}s")

    def await_api(self, timeout=240):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if self.admin.call("GET", "/api/saas/health", timeout=5)[0] == 200:
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(1)
        raise AssertionError("the api did not come back")

    def kill(self, name, sig, why):
        old = self.pid(name)
        os.kill(old, sig)
        started = time.time()
        new = self.await_restart(name.upper(), old)
        self.faults.append(f"{name.lower()} {signal.Signals(sig).name} ({why}): pid {old} -> {new}")
        log(f"fault: {name.lower()} {signal.Signals(sig).name} ({why}); restarted as {new} after {time.time() - started:.0f}s")

    def store_outage(self, seconds):
        pid = self.pid("STORE")
        if not pid:
            self.faults.append("store outage: skipped (MONGODB_URI: the stack runs no store of its own)")
            return
        os.kill(pid, signal.SIGSTOP)
        log(f"fault: store (pid {pid}) unreachable for {seconds}s (SIGSTOP)")
        time.sleep(seconds)
        os.kill(pid, signal.SIGCONT)
        self.faults.append(f"store unreachable {seconds}s (SIGSTOP/SIGCONT pid {pid})")
        log("fault: store reachable again (SIGCONT)")

    def run_faults(self):
        load_seconds = self.args.sequences / self.args.rate
        step = max(4.0, load_seconds / 9)

        def pause():
            time.sleep(step)
        try:
            pause()
            self.kill("WORKER", signal.SIGKILL, "sends in flight")
            pause()
            api_during_load = not self.load_done.is_set()
            self.kill("API", signal.SIGTERM, "restart while triggers arrive")
            self.await_api()
            if not api_during_load:
                raise AssertionError("the api restart came after the load had ended")
            pause()
            self.kill("TEMPORAL", signal.SIGTERM, "restart")
            pause()
            self.kill("WORKER", signal.SIGKILL, "sends in flight")
            pause()
            self.store_outage(20)
            pause()
            self.kill("WORKER", signal.SIGKILL, "sends in flight")
            pause()
            self.kill("TEMPORAL", signal.SIGKILL, "crash")
            self.load_done.wait()
            time.sleep(5)  # sequences now sit in their delays and waits
            self.kill("WORKER", signal.SIGKILL, "during waits")
            time.sleep(12)
            self.kill("WORKER", signal.SIGKILL, "during waits")
        except AssertionError as e:
            self.faults.append(f"FAULT INJECTION FAILED: {e}")
            log(f"fault injection failed: {e}")

    # -- accounting -----------------------------------------------------------------------------------------------
    def await_quiet(self, timeout):
        """Until every sequence has ended (the index says so) or the timeout."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            running = 0
            for code, client in self.tenants.items():
                status, answer = client.retrying("GET", f"/api/crm/sequences?ruleId={self.rules[code]}&status=running&limit=500")
                running += len(answer["data"]) if status == 200 else 1
            if running == 0:
                return True
            log(f"waiting: {running} sequences still running")
            time.sleep(5)
        return False

    def account(self):
        counts = collections.Counter()
        problems = []

        # Events: every accepted one completed (or failed with a reason); none stuck.
        for event_id, (code, what) in sorted(self.accepted_events.items()):
            event = self.tenants[code].ok("GET", f"/api/saas/events/{event_id}")
            status = event["status"]
            counts["events " + status] += 1
            if status == "failed" and not event.get("error"):
                problems.append(f"event {event_id} ({what}) failed without a reason")
            elif status not in ("completed", "failed"):
                problems.append(f"event {event_id} ({what}) is {status}")
        for code, client in self.tenants.items():
            for status in ("received", "processing"):
                stuck = client.ok("GET", f"/api/saas/events?status={status}&limit=500")
                counts["events left " + status] += len(stuck)
                problems.extend(f"event {e['id']} left {status}" for e in stuck)

        # Sequences: exactly the expected steps.
        by_lead = {}
        for code, client in self.tenants.items():
            for sequence in client.ok("GET", f"/api/crm/sequences?ruleId={self.rules[code]}&limit=500"):
                by_lead.setdefault(sequence["leadId"], []).append(sequence)
        webhooks = collections.defaultdict(set)
        callbacks = collections.defaultdict(set)
        redeliveries = collections.Counter()
        seen_ids = collections.Counter()
        with Receiver.lock:
            deliveries = list(Receiver.deliveries)
        for d in deliveries:
            if not d["verified"]:
                problems.append(f"unverified delivery {d['path']} {d['id']}")
            seen_ids[d["id"]] += 1
            if d["kind"] == "wh":
                webhooks[d["path"].rsplit("/", 1)[-1]].add(d["id"])
            elif d["kind"] == "cb" and d["body"]:
                callbacks[d["body"].get("eventLogId")].add(d["id"])
        redeliveries = sum(n - 1 for n in seen_ids.values())

        for lead in self.leads:
            if lead.event_id is None:
                counts["leads never accepted"] += 1
                problems.append(f"{lead.key}: the trigger was never accepted")
                continue
            runs = by_lead.get(lead.lead_id, [])
            if len(runs) != 1:
                problems.append(f"{lead.key}: {len(runs)} sequences")
                counts["sequences wrong count"] += 1
                continue
            sequence = self.tenants[lead.tenant].ok("GET", f"/api/crm/sequences/{runs[0]['workflowId']}")
            problem = self.check_sequence(lead, sequence)
            counts["sequences " + sequence["status"]] += 1
            if problem:
                problems.append(f"{lead.key} {sequence['workflowId']}: {problem}")
                counts["sequences with wrong steps"] += 1
            done = {s["stepId"] for s in sequence["steps"] if s["outcome"] == "done"}
            outbox = {channel: self.tenants[lead.tenant].ok("GET", f"/api/saas/outbox?channel={channel}&leadId={lead.lead_id}")
                      for channel in ("whatsapp", "email")}
            for channel, step in (("whatsapp", "step-1"), ("email", "step-4")):
                want, got = (1 if step in done else 0), len(outbox[channel])
                counts[f"outbox {channel} sent"] += got
                if got < want:
                    counts[f"outbox {channel} lost"] += want - got
                    problems.append(f"{lead.key}: {channel} lost")
                if got > want:
                    counts[f"outbox {channel} duplicate"] += got - want
                    problems.append(f"{lead.key}: {got} {channel} rows for {want} step(s)")
            want, got = (1 if "step-2" in done else 0), len(webhooks.get(lead.lead_id, ()))
            counts["webhooks delivered"] += got
            if got != want:
                counts["webhooks " + ("lost" if got < want else "duplicate")] += abs(got - want)
                problems.append(f"{lead.key}: {got} distinct webhook-ids for {want} webhook step(s)")
            if lead.callback:
                got = len(callbacks.get(lead.event_id, ()))
                counts["callbacks delivered"] += got
                if got != 1:
                    counts["callbacks " + ("lost" if got < 1 else "duplicate")] += abs(got - 1)
                    problems.append(f"{lead.key}: {got} distinct callback webhook-ids")
        counts["redeliveries of a webhook-id (allowed: at least once)"] = redeliveries
        counts.update(self.allowed)
        return counts, problems

    def history_of(self, workflow_id, trigger):
        """From the run's history: (event id of the first leadEvent signal carrying `trigger` or None, event id of the
        reply wait's timer firing or None). The wait is the timer of WAIT_SECONDS."""
        cli = self.env.get("TEMPORAL_CLI")
        if not cli:
            return 0, None  # can't read it: as if the signal came in time, so a mismatch stays a problem
        out = subprocess.run([cli, "workflow", "show", "--workflow-id", workflow_id, "--output", "json",
                              "--address", self.env["TEMPORAL_ADDRESS"],
                              "--namespace", self.env.get("TEMPORAL_NAMESPACE", "default")],
                             capture_output=True, text=True, timeout=60)
        wait_timers, fired, signalled = set(), None, None
        for event in json.loads(out.stdout).get("events", []):
            kind = event.get("eventType", "").removeprefix("EVENT_TYPE_").replace("_", "").lower()
            if kind == "timerstarted":
                attrs = event.get("timerStartedEventAttributes", {})
                if attrs.get("startToFireTimeout") == f"{WAIT_SECONDS}s":
                    wait_timers.add(attrs.get("timerId"))
            elif kind == "timerfired" and event.get("timerFiredEventAttributes", {}).get("timerId") in wait_timers:
                fired = fired or int(event["eventId"])
            elif kind == "workflowexecutionsignaled" and signalled is None:
                attrs = event.get("workflowExecutionSignaledEventAttributes", {})
                payloads = (attrs.get("input") or {}).get("payloads") or []
                data = "".join(base64.b64decode(p.get("data", "")).decode("utf-8", "replace") for p in payloads)
                if attrs.get("signalName") == "leadEvent" and trigger in data:
                    signalled = int(event["eventId"])
        return signalled, fired

    def reply_came_late(self, sequence):
        """The reply reached the run only after its wait had timed out (or never reached it): counted, allowed."""
        signalled, fired = self.history_of(sequence["workflowId"], "lead_replied")
        late = signalled is None or (fired is not None and signalled > fired)
        if late:
            self.allowed["replies that reached the run after its wait ended (allowed)"] += 1
        return late

    def stop_came_late(self, sequence):
        """The stop never reached the run (its trigger found the run closed): counted, allowed."""
        signalled, _ = self.history_of(sequence["workflowId"], "chaos_stop")
        if signalled is None:
            self.allowed["stops that found the sequence already ended (allowed)"] += 1
        return signalled is None

    def check_sequence(self, lead, sequence):
        steps = [(s["stepId"], s["outcome"], (s.get("result") or {}).get("result")) for s in sequence["steps"]]
        full = [("step-1", "done", None), ("step-2", "done", None), ("reply", "waited", "timeout"),
                ("step-4", "done", None), ("step-5", "done", None)]
        got = [(step, outcome, result if step == "reply" else None) for step, outcome, result in steps]
        sent = isinstance(lead.followup, str) and lead.followup != "firing"
        if lead.kind == "replies":
            if not sent:
                self.allowed["replies never sent (the harness never saw the wait open)"] += 1
            elif got != full or not self.reply_came_late(sequence):
                full[2] = ("reply", "waited", "lead_replied")
        if lead.kind == "stops" and sent:
            if sequence["status"] == "completed" and got == full and self.stop_came_late(sequence):
                return None
            if sequence["status"] != "exited":
                return f"status {sequence['status']}, expected exited by chaos_stop"
            prefix = full[:len(got)]
            if got and got[-1][0] == "reply":
                prefix[-1] = got[-1]  # stopped while waiting: the wait may record how it ended
            return None if got == prefix and len(got) < len(full) else f"steps {got} are not a prefix of the plan"
        if lead.kind == "stops":
            self.allowed["stops never sent (the harness never saw the sequence past step-1)"] += 1
        if sequence["status"] != "completed":
            return f"status {sequence['status']}, expected completed"
        return None if got == full else f"steps {got}, expected {full}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("stack_env")
    parser.add_argument("--sequences", type=int, default=100)
    parser.add_argument("--tenants", type=int, default=3)
    parser.add_argument("--rate", type=float, default=4.0)
    parser.add_argument("--drain-timeout", type=int, default=600)
    args = parser.parse_args()

    chaos = Chaos(args.stack_env, args)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    receiver = f"http://127.0.0.1:{server.server_address[1]}"
    started = time.time()
    chaos.provision(receiver)

    followers = threading.Thread(target=chaos.follow_ups, daemon=True)
    followers.start()
    faults = threading.Thread(target=chaos.run_faults, daemon=True)
    faults.start()
    chaos.run_load(receiver)
    faults.join()
    quiet = chaos.await_quiet(args.drain_timeout)
    chaos.stop.set()
    followers.join()
    # Callbacks and the last webhooks may trail the sequences' ends by a retry; give them a moment.
    time.sleep(5)
    counts, problems = chaos.account()

    print()
    print(f"== chaos suite: {args.sequences} sequences, {args.tenants} tenants, {time.time() - started:.0f}s")
    print("faults:")
    for fault in chaos.faults:
        print("  " + fault)
    print("counts:")
    for key in sorted(counts):
        print(f"  {key}: {counts[key]}")
    if not quiet:
        problems.insert(0, f"sequences still running after {args.drain_timeout}s")
    if any("FAULT INJECTION FAILED" in f for f in chaos.faults):
        problems.insert(0, "a fault could not be injected")
    if problems:
        print(f"FAILED: {len(problems)} problem(s)")
        for problem in problems[:50]:
            print("  " + problem)
        return 1
    print("PASSED: every accepted event completed, every sequence ran exactly its expected steps,"
          " 0 lost and 0 duplicate sends, webhooks and callbacks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
