/**
 * Service provider interfaces: what adapter modules implement so that voipkit can find them at run
 * time ({@link io.voipkit.core.spi.PbxProvider}).
 */
package io.voipkit.core.spi;
