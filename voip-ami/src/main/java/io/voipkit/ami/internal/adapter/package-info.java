/**
 * The Asterisk adapter behind {@link io.voipkit.ami.AsteriskPbx}: session supervision (connect,
 * resync, reconnect), the event path, and the AMI implementations of voip-core's
 * {@code CallControl}, {@code QueueMonitor} and {@code HealthCheck}. Nothing here is API.
 */
package io.voipkit.ami.internal.adapter;
