package io.leadflow.activities.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.activities.channel.ChannelFixture;
import io.leadflow.activities.whatsapp.WhatsAppActivitiesImpl;
import io.leadflow.contracts.broadcast.BroadcastActivities;
import io.leadflow.contracts.broadcast.BroadcastBatch;
import io.leadflow.contracts.broadcast.BroadcastStep;
import io.leadflow.shared.broadcast.Broadcast;
import io.leadflow.shared.broadcast.BroadcastCounts;
import io.leadflow.shared.broadcast.BroadcastRecipient;
import io.leadflow.shared.broadcast.Broadcasts;
import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.lead.NewLead;
import io.leadflow.shared.outbox.OutboxMessage;
import io.leadflow.shared.tenant.TenantScope;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * A broadcast batch retried after its worker died mid-way: the retry resumes after the last recipient it heartbeated,
 * and even the recipient whose send went out but whose record was not written gets nothing twice (its message key is
 * the broadcast and the lead).
 */
class BroadcastActivitiesImplTest {

    private static ChannelFixture fixture;

    @BeforeAll
    static void storage() {
        fixture = new ChannelFixture();
    }

    @AfterAll
    static void closeStorage() {
        fixture.close();
    }

    private static BroadcastActivities activities(String heartbeat) {
        var properties = ChannelFixture.properties(ChannelFixture.channels("http://127.0.0.1:1", 1_000,
                "http://127.0.0.1:1/", "http://127.0.0.1:1/token", true));
        BroadcastActivitiesImpl implementation = new BroadcastActivitiesImpl(fixture.tenants, fixture.leads,
                new WhatsAppActivitiesImpl(fixture.ledger, properties), ChannelFixture.messaging(""));
        TestActivityEnvironment env = TestActivityEnvironment.newInstance();
        env.registerActivitiesImplementations(implementation);
        if (heartbeat != null) {
            env.setHeartbeatDetails(heartbeat);
        }
        return env.newActivityStub(BroadcastActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    }

    @Test
    void aBatchRetriedAfterACrash_resumesAfterItsHeartbeat_andSendsNoOneTwice() {
        String tenant = fixture.newTenant(true);
        TenantScope scope = fixture.scope(tenant);
        List<String> leadIds = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Lead lead = fixture.leads.create(scope, NewLead.contact(String.format("+9198777%05d", i), null, "L" + i,
                    null, "test"), 0);
            fixture.leads.addTag(scope, lead.id(), "launch", 0);
            leadIds.add(lead.id());
        }
        Broadcast broadcast = Broadcasts.create(scope, new Broadcast(null, tenant, "Launch", "launch", "en_US",
                List.of("{{lead.firstName}}"), new Broadcast.Audience(List.of("launch"), null, null), null,
                Broadcast.SCHEDULED, null, null, Instant.now(), null, null, Instant.now(), null));
        BroadcastBatch prepared = activities(null).prepare(new BroadcastStep(tenant, broadcast.id(), null, 1_000));
        assertThat(prepared.done()).isTrue();
        assertThat(prepared.processed()).isEqualTo(30);
        assertThat(activities(null).prepare(new BroadcastStep(tenant, broadcast.id(), null, 1_000)).processed())
                .as("writing the audience down again adds no one").isZero();

        BroadcastBatch first = activities(null).send(new BroadcastStep(tenant, broadcast.id(), null, 10));
        assertThat(first.processed()).isEqualTo(10);
        // The worker died after the 10th send went out, before its recipient was marked, and after heartbeating the 9th.
        String tenth = first.nextCursor();
        scope.data().updateFirst(Query.query(Criteria.where("_id").is(tenth)),
                new Update().set("status", BroadcastRecipient.PENDING).unset("providerMessageId"), BroadcastRecipient.class);
        List<BroadcastRecipient> handled = scope.data().find(Query.query(Criteria.where("broadcastId").is(broadcast.id())
                .and("status").ne(BroadcastRecipient.PENDING)), BroadcastRecipient.class);
        String ninth = handled.stream().map(BroadcastRecipient::id).sorted().toList().get(8);

        BroadcastBatch retried = activities(ninth).send(new BroadcastStep(tenant, broadcast.id(), null, 500));

        assertThat(retried.done()).isTrue();
        assertThat(retried.processed()).as("the 10th again, and the 20 never reached").isEqualTo(21);
        List<OutboxMessage> sent = scope.data().find(Query.query(Criteria.where("idempotencyKey")
                .regex("^broadcast:" + broadcast.id() + ":")), OutboxMessage.class);
        assertThat(sent).hasSize(30);
        assertThat(new HashSet<>(sent.stream().map(OutboxMessage::leadId).toList())).containsExactlyInAnyOrderElementsOf(leadIds);
        assertThat(Broadcasts.counts(scope, broadcast.id())).isEqualTo(new BroadcastCounts(30, 30, 0, 0, 0, 0, 0));
        assertThat(sent).extracting(row -> row.bodyVariables().get(0)).allSatisfy(name -> assertThat(name).startsWith("L"));
    }

    @Test
    void aCancelledBroadcast_stopsItsBatches() {
        String tenant = fixture.newTenant(true);
        TenantScope scope = fixture.scope(tenant);
        Lead lead = fixture.leads.create(scope, NewLead.contact("+919877800001", null, "Asha", null, "test"), 0);
        Broadcast broadcast = Broadcasts.create(scope, new Broadcast(null, tenant, "Stop", "stop", "en_US", null,
                new Broadcast.Audience(null, null, List.of(lead.id())), null, Broadcast.SCHEDULED, null, null,
                Instant.now(), null, null, Instant.now(), null));
        activities(null).prepare(new BroadcastStep(tenant, broadcast.id(), null, 1_000));
        Broadcasts.transition(scope, broadcast.id(), List.of(Broadcast.SENDING), Broadcast.CANCELLING, null);

        BroadcastBatch batch = activities(null).send(new BroadcastStep(tenant, broadcast.id(), null, 500));

        assertThat(batch.cancelled()).isTrue();
        assertThat(Broadcasts.counts(scope, broadcast.id()).pending()).isEqualTo(1);
        activities(null).finish(tenant, broadcast.id(), Broadcast.CANCELLED);
        assertThat(Broadcasts.find(scope, broadcast.id()).orElseThrow().status()).isEqualTo(Broadcast.CANCELLED);
        assertThat(scope.data().find(new Query(), OutboxMessage.class)).isEmpty();
    }
}
