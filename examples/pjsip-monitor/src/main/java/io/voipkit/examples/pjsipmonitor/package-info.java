/**
 * The PJSIP monitor example: a Spring Boot application that shows an Asterisk's phones and log
 * live in the browser. Only the application class and its properties are here; the wiring, the
 * WebSocket protocol and the section store are in {@code internal}.
 */
package io.voipkit.examples.pjsipmonitor;
