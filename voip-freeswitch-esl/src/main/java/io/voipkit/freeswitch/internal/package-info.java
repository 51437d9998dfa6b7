/**
 * Implementation of the FreeSWITCH adapter: the Event Socket wire layer ({@link
 * io.voipkit.freeswitch.internal.EslDecoder}, {@link io.voipkit.freeswitch.internal.EslMessage},
 * {@link io.voipkit.freeswitch.internal.EslEvent}), one inbound session ({@link
 * io.voipkit.freeswitch.internal.EslConnection}) and the reconnecting client on top of it ({@link
 * io.voipkit.freeswitch.internal.EslInboundClient}). Nothing here is a promise: it may change in
 * any release.
 */
package io.voipkit.freeswitch.internal;
