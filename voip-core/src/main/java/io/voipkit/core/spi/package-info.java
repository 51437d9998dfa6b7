/**
 * Service provider interfaces: what adapter modules implement so that voipkit can find them at run
 * time ({@link io.voipkit.core.spi.PbxProvider}), and the base their public classes extend
 * ({@link io.voipkit.core.spi.ForwardingPbx}, also usable to decorate any {@code Pbx}).
 */
package io.voipkit.core.spi;
