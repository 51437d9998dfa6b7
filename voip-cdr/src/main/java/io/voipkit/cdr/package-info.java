/**
 * voip-cdr: importing call records (CDRs) from Asterisk {@code Master.csv}, FreeSWITCH
 * {@code mod_cdr_csv} files and Asterisk CDR database tables into a call log, once each and
 * resumably, with contact linking and call statistics. Start at {@link io.voipkit.cdr.CdrImporter};
 * the module's README.md lists what is done and what is planned.
 */
package io.voipkit.cdr;
