package io.voipkit.freeswitch.internal.adapter;

/** One blocking FreeSWITCH {@code api} call: returns the body or throws a {@code PbxException}. */
@FunctionalInterface
interface FsApi {
    String call(String command, String args);
}
