/**
 * The FreeSWITCH simulator's server side: ESL framing ({@code EslText}, {@code FsEvent}), recorded
 * event templates ({@code EventTemplates}), connections ({@code EslServer}, {@code EslSession}) and
 * the switch model ({@code FsModel}). Not part of the API; anything here may change.
 */
package io.voipkit.simulator.esl.internal;
