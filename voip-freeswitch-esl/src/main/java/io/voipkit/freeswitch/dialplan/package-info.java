/**
 * {@link io.voipkit.freeswitch.dialplan.FreeSwitchDialplan}: voipkit routing rules
 * ({@code io.voipkit.routing.RuleSet}, optional dependency {@code voip-routing}) as a FreeSWITCH XML
 * dialplan, for {@code mod_xml_curl} or as an include file.
 */
package io.voipkit.freeswitch.dialplan;
