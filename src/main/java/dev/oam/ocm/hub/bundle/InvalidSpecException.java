package dev.oam.ocm.hub.bundle;

/**
 * The spec passed the CRD schema but cannot be installed (unknown version, unpinned image, ...).
 * The message is shown to users as is, in status, events and the render command.
 */
public class InvalidSpecException extends RuntimeException {
    /** Longest piece of user input a message repeats: a condition or event must stay readable. */
    private static final int QUOTED_MAX = 100;

    public InvalidSpecException(String message) {
        super(message);
    }

    /**
     * User input as a message shows it: cut to its first characters when long, because a spec field
     * can hold any string (a 70,000-character node selector passes the schema) and the message goes into a
     * status condition and an event. Control characters are escaped so the message stays one line.
     */
    public static String shown(String input) {
        if (input == null) {
            return "null";
        }
        String cut = input.length() <= QUOTED_MAX ? input : input.substring(0, QUOTED_MAX);
        StringBuilder text = new StringBuilder();
        cut.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                text.append(String.format("\\u%04x", c));
            } else {
                text.appendCodePoint(c);
            }
        });
        return cut.length() == input.length() ? text.toString()
                : text + "... (" + input.length() + " characters)";
    }
}
