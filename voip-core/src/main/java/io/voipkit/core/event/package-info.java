/**
 * Typed PBX events and the event bus: the sealed {@link io.voipkit.core.event.PbxEvent} hierarchy,
 * {@link io.voipkit.core.event.EventBus} for subscribers, and
 * {@link io.voipkit.core.event.EventDispatcher} for the adapters that publish.
 * Threading is described in {@code voip-core/CONCURRENCY.md}.
 */
package io.voipkit.core.event;
