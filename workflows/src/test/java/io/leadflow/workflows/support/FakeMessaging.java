package io.leadflow.workflows.support;

import io.leadflow.contracts.broadcast.BroadcastActivities;
import io.leadflow.contracts.broadcast.BroadcastBatch;
import io.leadflow.contracts.broadcast.BroadcastStep;
import io.leadflow.contracts.channel.SendResult;
import io.leadflow.contracts.inbound.InboundActivities;
import io.leadflow.contracts.inbound.InboundInput;
import io.leadflow.contracts.inbound.InboundResult;
import io.leadflow.contracts.job.JobActivities;
import io.leadflow.contracts.job.JobBatch;
import io.leadflow.contracts.job.JobStep;
import io.leadflow.contracts.whatsapp.WhatsAppActivities;
import io.leadflow.contracts.whatsapp.WhatsAppTemplateSend;
import io.leadflow.contracts.whatsapp.WhatsAppTextSend;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Recording stand-ins for the inbound-messaging activities: a WhatsApp delivery's processing, a broadcast's batches
 * (an audience of {@code audience} leads by default), the scheduled jobs' batches (a tenant of {@code leads} leads) and
 * the WhatsApp sends of inbox replies. Each can be scripted.
 */
public final class FakeMessaging implements InboundActivities, BroadcastActivities, JobActivities, WhatsAppActivities {

    public final List<InboundInput> processed = new CopyOnWriteArrayList<>();
    public final List<BroadcastStep> prepared = new CopyOnWriteArrayList<>();
    public final List<BroadcastStep> sent = new CopyOnWriteArrayList<>();
    public final List<String> finished = new CopyOnWriteArrayList<>();
    public final List<JobStep> jobSteps = new CopyOnWriteArrayList<>();
    public final List<Object> whatsapp = new CopyOnWriteArrayList<>();

    public volatile long audience = 1_000;
    public volatile long leads = 1_200;
    public volatile boolean cancelledDuringSend;
    public volatile Function<InboundInput, InboundResult> inbound = input ->
            new InboundResult(input.messages(), 0, input.statuses(), 0, 0, 0);
    public volatile Function<Object, SendResult> sends = send -> new SendResult("whatsapp", "wamid.reply", "sent", false);

    @Override
    public InboundResult process(InboundInput input) {
        processed.add(input);
        return inbound.apply(input);
    }

    @Override
    public BroadcastBatch prepare(BroadcastStep step) {
        prepared.add(step);
        long done = cursor(step.cursor());
        long next = Math.min(audience, done + step.limit());
        return new BroadcastBatch(Long.toString(next), next >= audience, (int) (next - done), false);
    }

    @Override
    public BroadcastBatch send(BroadcastStep step) {
        sent.add(step);
        if (cancelledDuringSend) {
            return new BroadcastBatch(step.cursor(), true, 0, true);
        }
        long done = cursor(step.cursor());
        long next = Math.min(audience, done + step.limit());
        return new BroadcastBatch(Long.toString(next), next >= audience, (int) (next - done), false);
    }

    @Override
    public void finish(String clientCode, String broadcastId, String status) {
        finished.add(status);
    }

    @Override
    public JobBatch scanNoContact(JobStep step) {
        return job(step);
    }

    @Override
    public JobBatch recalculateScores(JobStep step) {
        return job(step);
    }

    private JobBatch job(JobStep step) {
        jobSteps.add(step);
        long done = cursor(step.cursor());
        long next = Math.min(leads, done + step.limit());
        return new JobBatch(Long.toString(next), next >= leads, (int) (next - done), (int) ((next - done) / 10));
    }

    @Override
    public SendResult sendTemplate(WhatsAppTemplateSend send) {
        whatsapp.add(send);
        return sends.apply(send);
    }

    @Override
    public SendResult sendText(WhatsAppTextSend send) {
        whatsapp.add(send);
        return sends.apply(send);
    }

    private static long cursor(String cursor) {
        return cursor == null ? 0 : Long.parseLong(cursor);
    }
}
