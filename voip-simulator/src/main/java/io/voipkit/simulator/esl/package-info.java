/**
 * {@link io.voipkit.simulator.esl.FreeSwitchSimulator}: a loopback FreeSWITCH 1.10 Event Socket
 * server (inbound mode) with directory users, registrations, calls, mod_callcenter, scripted calls
 * ({@link io.voipkit.simulator.esl.FsCall}), reproducible traffic
 * ({@link io.voipkit.simulator.esl.FreeSwitchTraffic}) and fault injection. See the module README.
 */
package io.voipkit.simulator.esl;
