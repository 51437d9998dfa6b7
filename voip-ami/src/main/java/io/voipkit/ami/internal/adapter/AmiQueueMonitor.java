package io.voipkit.ami.internal.adapter;

import io.voipkit.ami.internal.AmiAction;
import io.voipkit.ami.internal.AmiListResponse;
import io.voipkit.ami.internal.AmiMessage;
import io.voipkit.ami.internal.mapping.AmiResyncParser;
import io.voipkit.core.AddMemberRequest;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.QueueMonitor;
import io.voipkit.core.QueueStatus;
import io.voipkit.core.QueueSummary;
import io.voipkit.core.internal.Checks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link QueueMonitor} over AMI ({@code QueueStatus}, {@code QueueSummary}, {@code QueueAdd},
 * {@code QueueRemove}, {@code QueuePause}, {@code QueuePenalty}, {@code QueueReload}).
 *
 * <p><b>Unknown queues.</b> Asterisk answers {@code QueueStatus}/{@code QueueSummary} of a queue
 * it does not have with an empty list, not an error (fixture {@code queue-summary}).
 * {@link #queue} then returns empty; {@link #summary} throws {@link PbxActionFailedException}
 * {@code No such queue: NAME}, as the interface promises, because a zero summary would look like
 * an idle queue on a wallboard and hide a typo.
 */
final class AmiQueueMonitor implements QueueMonitor {
    private final AmiGateway gateway;

    AmiQueueMonitor(AmiGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public List<QueueStatus> queues() {
        return AmiResyncParser.queues(statusList(null).items(), Instant.now());
    }

    @Override
    public Optional<QueueStatus> queue(String name) {
        Checks.wireText(name, "name");
        return AmiResyncParser.queues(statusList(name).items(), Instant.now()).stream()
                .filter(q -> q.name().equals(name)).findFirst();
    }

    private AmiListResponse statusList(String queue) {
        AmiListResponse list = gateway.list(AmiAction.builder("QueueStatus").addIfPresent("Queue", queue).build());
        if (!list.isSuccess()) {
            throw new PbxActionFailedException("QueueStatus", list.response().message());
        }
        return list;
    }

    @Override
    public QueueSummary summary(String name) {
        Checks.wireText(name, "name");
        AmiListResponse list = gateway.list(AmiAction.of("QueueSummary", "Queue", name));
        if (!list.isSuccess()) {
            throw new PbxActionFailedException("QueueSummary", list.response().message());
        }
        AmiMessage item = list.items().stream()
                .filter(m -> "QueueSummary".equalsIgnoreCase(m.eventName()) && name.equals(m.get("Queue")))
                .findFirst()
                .orElseThrow(() -> new PbxActionFailedException("QueueSummary", "No such queue: " + name));
        // QueueSummary lacks completed/abandoned/service level; QueueStatus of the same queue has them.
        QueueStatus status = AmiResyncParser.queues(statusList(name).items(), Instant.now()).stream()
                .filter(q -> q.name().equals(name)).findFirst().orElse(null);
        return AmiRecords.queueSummary(name, item, status);
    }

    @Override
    public void addMember(AddMemberRequest request) {
        Checks.notNull(request, "request");
        AmiAction.Builder b = AmiAction.builder("QueueAdd").add("Queue", request.queue())
                .add("Interface", request.interfaceName())
                .addIfPresent("MemberName", request.memberName())
                .addIfPresent("StateInterface", request.stateInterface())
                .add("Penalty", Integer.toString(request.penalty()))
                .add("Paused", Boolean.toString(request.paused()));
        if (request.paused()) {
            b.addIfPresent("Reason", request.reason());
        }
        gateway.call(b.build());
    }

    @Override
    public void removeMember(String queue, String interfaceName) {
        Checks.wireText(queue, "queue");
        Checks.wireText(interfaceName, "interfaceName");
        gateway.call(AmiAction.of("QueueRemove", "Queue", queue, "Interface", interfaceName));
    }

    @Override
    public void pauseMember(String queue, String interfaceName, boolean paused, String reason) {
        Checks.optionalWireText(queue, "queue");
        Checks.wireText(interfaceName, "interfaceName");
        Checks.optionalWireText(reason, "reason");
        gateway.call(AmiAction.builder("QueuePause").add("Interface", interfaceName)
                .add("Paused", Boolean.toString(paused))
                .addIfPresent("Queue", queue).addIfPresent("Reason", reason).build());
    }

    @Override
    public void setPenalty(String queue, String interfaceName, int penalty) {
        Checks.optionalWireText(queue, "queue");
        Checks.wireText(interfaceName, "interfaceName");
        Checks.nonNegative(penalty, "penalty");
        gateway.call(AmiAction.builder("QueuePenalty").add("Interface", interfaceName)
                .add("Penalty", Integer.toString(penalty)).addIfPresent("Queue", queue).build());
    }

    @Override
    public void reload(String queue) {
        Checks.optionalWireText(queue, "queue");
        gateway.call(AmiAction.builder("QueueReload").addIfPresent("Queue", queue)
                .add("Members", "yes").add("Rules", "yes").add("Parameters", "yes").build());
    }
}
