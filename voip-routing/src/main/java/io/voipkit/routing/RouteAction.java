package io.voipkit.routing;

import io.voipkit.core.HangupCause;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;

/**
 * What a {@link RoutingRule} (or the default route) does with a call.
 *
 * <pre>{@code
 * new RouteAction.ToGroup("support")
 * new RouteAction.ToNumber("PJSIP/200")
 * new RouteAction.ToQueue("sales")
 * new RouteAction.ToVoicemail("100@default")
 * new RouteAction.Reject(HangupCause.CALL_REJECTED)
 * new RouteAction.Hangup()
 * }</pre>
 */
public sealed interface RouteAction {

    /** A short name of the kind: {@code group}, {@code number}, {@code queue}, {@code voicemail}, {@code reject}, {@code hangup}. */
    String kind();

    /** Spread the call over a {@link NumberGroup}'s available members with its {@link Strategy}. */
    record ToGroup(String group) implements RouteAction {
        /** Validates the group name. */
        public ToGroup {
            Checks.identifier(group, "group");
        }

        @Override
        public String kind() {
            return "group";
        }
    }

    /** Dial one target, for example {@code PJSIP/200} or {@code Local/200@internal}. */
    record ToNumber(String target) implements RouteAction {
        /** Validates the target like a {@link GroupMember#target()}. */
        public ToNumber {
            new GroupMember(target, null, 0, 1); // same rules as a member target, one place
        }

        @Override
        public String kind() {
            return "number";
        }
    }

    /** Hand the call to a PBX queue (Asterisk {@code Queue(name)}). */
    record ToQueue(String queue) implements RouteAction {
        /** Validates the queue name. */
        public ToQueue {
            Checks.identifier(queue, "queue");
        }

        @Override
        public String kind() {
            return "queue";
        }
    }

    /** Send the caller to a voicemail box (Asterisk {@code VoiceMail(mailbox)}), for example {@code 100@default}. */
    record ToVoicemail(String mailbox) implements RouteAction {
        /** Validates the mailbox. */
        public ToVoicemail {
            Checks.wireText(mailbox, "mailbox");
            for (int i = 0; i < mailbox.length(); i++) {
                char c = mailbox.charAt(i);
                if (!(Character.isLetterOrDigit(c) || c == '@' || c == '-' || c == '_' || c == '.')) {
                    throw new InvalidRequestException("mailbox", "may only contain letters, digits, '@', '-', '_' and"
                            + " '.': " + Checks.abbreviate(mailbox));
                }
            }
        }

        @Override
        public String kind() {
            return "voicemail";
        }
    }

    /** Refuse the call with a cause the caller's network sees (busy, rejected...). */
    record Reject(HangupCause cause) implements RouteAction {
        /** Validates the cause. */
        public Reject {
            Checks.notNull(cause, "cause");
        }

        @Override
        public String kind() {
            return "reject";
        }
    }

    /** Hang up without further ado (normal clearing). */
    record Hangup() implements RouteAction {
        @Override
        public String kind() {
            return "hangup";
        }
    }
}
