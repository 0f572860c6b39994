package io.leadflow.shared.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClients;
import io.leadflow.shared.support.InMemoryMongo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The live inbox's event log: one platform-wide numbering without repeats (even on the embedded store, whose increment
 * is not atomic under concurrency: a writer whose number was taken takes the next), read back per tenant and in order.
 */
class ChatEventsTest {

    @Test
    void concurrentWriters_getDistinctIncreasingNumbers_andEachTenantReadsOnlyItsOwn() throws Exception {
        try (InMemoryMongo mongo = InMemoryMongo.start();
             var client = MongoClients.create(mongo.uri())) {
            ChatEvents events = new ChatEvents(new MongoTemplate(client, "services"), Duration.ofHours(24));
            ConcurrentLinkedQueue<Long> numbers = new ConcurrentLinkedQueue<>();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            for (int i = 0; i < 200; i++) {
                String tenant = i % 2 == 0 ? "acme" : "globex";
                writers.execute(() -> numbers.add(events.append(tenant, ChatEvent.MESSAGE_CREATED, Map.of("n", 1)).seq()));
            }
            writers.shutdown();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

            assertThat(numbers).hasSize(200).doesNotHaveDuplicates();
            assertThat(numbers.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(events.latest());
            List<ChatEvent> all = events.after(0, 500);
            assertThat(all).extracting(ChatEvent::seq).isSorted().hasSize(200).containsExactlyInAnyOrderElementsOf(numbers);
            List<ChatEvent> acme = events.after("acme", 0, events.latest(), 500);
            assertThat(acme).hasSize(100).allSatisfy(event -> assertThat(event.clientCode()).isEqualTo("acme"));
            assertThat(events.after("acme", 100, 150, 500)).allSatisfy(event ->
                    assertThat(event.seq()).isGreaterThan(100).isLessThanOrEqualTo(150));
            assertThat(events.oldestKept()).isEqualTo(1);
        }
    }
}
