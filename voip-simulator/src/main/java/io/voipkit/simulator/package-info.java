/**
 * {@link io.voipkit.simulator.PbxSimulator}: a loopback PBX that speaks AMI as Asterisk 22 does,
 * with scripted calls ({@link io.voipkit.simulator.SimCall}), reproducible random traffic
 * ({@link io.voipkit.simulator.TrafficGenerator}) and fault injection. See this module's README.md.
 */
package io.voipkit.simulator;
