package io.voipkit.simulator.internal;

/** Test access to package-private helpers. */
public final class ActionHandlerAccess {
    private ActionHandlerAccess() {
    }

    public static String md5(String s) {
        return ActionHandler.md5(s);
    }
}
