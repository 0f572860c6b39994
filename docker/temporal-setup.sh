#!/bin/sh
# One-shot set-up for docker-compose (runs in temporalio/admin-tools): waits until Temporal serves the
# namespace, then registers Leadflow's custom search attributes (name:type). Idempotent: attributes that
# already exist are left alone, so 'docker compose up' can run it on every start.
set -eu

ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
ATTRIBUTES="ClientCode:Keyword LeadId:Keyword Trigger:Keyword RuleId:Keyword SequenceName:Keyword SequenceStatus:Keyword SequenceStep:Keyword NextWakeAt:Datetime"

echo "waiting for namespace '$NAMESPACE' on $ADDRESS ..."
tries=0
until temporal operator namespace describe --address "$ADDRESS" --namespace "$NAMESPACE" >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 90 ]; then
    echo "Temporal did not serve namespace '$NAMESPACE' within 3 minutes" >&2
    exit 1
  fi
  sleep 2
done

existing="$(temporal operator search-attribute list --address "$ADDRESS" --namespace "$NAMESPACE")"
for attribute in $ATTRIBUTES; do
  name="${attribute%%:*}"
  type="${attribute#*:}"
  if printf '%s\n' "$existing" | grep -qw "$name"; then
    echo "$name: already registered"
  else
    temporal operator search-attribute create --address "$ADDRESS" --namespace "$NAMESPACE" --name "$name" --type "$type"
    echo "$name: registered as $type"
  fi
done
