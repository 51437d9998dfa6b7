/** The PBX-neutral API of voipkit. See the module README. */
package io.voipkit.core;
