/** The starter's implementation: building PBXs from properties, connecting them, health and metrics helpers. Not API. */
package io.voipkit.spring.boot.internal;
