/**
 * The simulator's server side: AMI framing ({@code AmiMessage}, {@code ActionReader}), connections
 * and fan-out ({@code AmiServer}, {@code ClientConnection}), the PBX model ({@code SimModel}) and the
 * action handlers. Not part of the API; anything here may change.
 */
package io.voipkit.simulator.internal;
