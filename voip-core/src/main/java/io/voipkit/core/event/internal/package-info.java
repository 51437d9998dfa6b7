/** Implementation details of the voipkit event types. Not part of the API; may change at any time. */
package io.voipkit.core.event.internal;
