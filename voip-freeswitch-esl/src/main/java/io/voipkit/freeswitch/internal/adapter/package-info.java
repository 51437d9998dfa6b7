/**
 * The parts behind {@code FreeSwitchPbx}: session supervision with resync after reconnect, call
 * control, the mod_callcenter queue monitor, health checks and the live-state feed. Nothing here
 * is a promise; the public API is {@code io.voipkit.freeswitch.FreeSwitchPbx} and voip-core.
 */
package io.voipkit.freeswitch.internal.adapter;
