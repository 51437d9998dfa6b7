/**
 * The CSV parser, row mappers, database cursor and derivations behind {@code CdrImporter}. No
 * compatibility promise.
 */
package io.voipkit.cdr.internal;
