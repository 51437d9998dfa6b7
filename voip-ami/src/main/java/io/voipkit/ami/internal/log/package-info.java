/**
 * Asterisk log tailing internals: line splitting with a hard bound ({@code LineSplitter}),
 * rotation-safe polling of one file ({@code FileFollower}), the lenient line parser
 * ({@code AsteriskLogParser}, {@code LogTimestamps}) and the text matching behind
 * {@code LogQuery} ({@code LogMatching}). Not part of the API: use
 * {@link io.voipkit.ami.AsteriskLogTailer}, {@link io.voipkit.ami.LogBuffer} and
 * {@link io.voipkit.ami.LogQuery}.
 */
package io.voipkit.ami.internal.log;
