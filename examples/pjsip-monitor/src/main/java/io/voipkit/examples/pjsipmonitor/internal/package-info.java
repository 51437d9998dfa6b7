/**
 * The monitor's insides: PBX wiring, section store, status and log publishing, the WebSocket
 * protocol and security. Not an API.
 */
package io.voipkit.examples.pjsipmonitor.internal;
