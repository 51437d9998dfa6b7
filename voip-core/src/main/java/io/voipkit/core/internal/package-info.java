/**
 * Implementation helpers shared by voipkit's adapter modules: argument checks, the live-state
 * store, endpoint naming, call-quality window and health-report logic. Not part of the API: no
 * compatibility promise; applications should not use it.
 */
package io.voipkit.core.internal;
