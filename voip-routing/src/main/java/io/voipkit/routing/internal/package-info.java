/** Implementation of voip-routing: the compiled rule index, strategy state, rule-file reading. No compatibility promise. */
package io.voipkit.routing.internal;
