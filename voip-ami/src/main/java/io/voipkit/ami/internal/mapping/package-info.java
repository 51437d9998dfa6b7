/**
 * AMI event mapping and the live-state feed: {@link io.voipkit.ami.internal.mapping.AmiEventMapper}
 * turns each AMI event into one voipkit event, {@link io.voipkit.ami.internal.mapping.AmiStateFeed}
 * applies mapped events to the live state and rebuilds it after a reconnect from list-action answers
 * parsed by {@link io.voipkit.ami.internal.mapping.AmiResyncParser}. Not part of the API; may change
 * at any time.
 */
package io.voipkit.ami.internal.mapping;
