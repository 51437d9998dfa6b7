package io.voipkit.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a Spring bean as a listener for PBX events. The method takes exactly one
 * parameter, a {@link io.voipkit.core.event.PbxEvent} type (an event record, or
 * {@code PbxEvent} itself for all events); the starter subscribes it, before the PBXs connect,
 * to every PBX of the {@link io.voipkit.core.PbxRegistry} or to those named in {@link #pbx()}.
 *
 * <pre>{@code
 * @Component
 * class CallLog {
 *     @PbxEventListener
 *     void onCallEnded(CallEnded e) {
 *         log.info("{} ended after {}", e.channel(), e.duration());
 *     }
 * }
 * }</pre>
 *
 * <p>Like every listener it runs on the subscription's delivery thread, never the socket
 * reader: keep it fast and non-blocking; an exception it throws is logged and counted, and the
 * listener stays subscribed. Events of one PBX arrive in the order the PBX sent them. Queue size
 * and overflow policy come from {@code voip.events.*}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PbxEventListener {

    /** Ids of the PBXs to listen to; empty (the default) means every PBX in the registry. */
    String[] pbx() default {};
}
