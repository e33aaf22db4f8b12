package io.taskgrid.internal.protocol;

/**
 * Sizes that keep every message between coordinator and workers inside one Artery frame (1 MiB):
 * Artery drops a larger message without telling the sender, so each limit is checked where the
 * bytes are made (client, worker) and again where they are trusted (coordinator).
 */
public final class Limits {

    /** The largest encoded task or input of one subtask. */
    public static final int MAX_SUBTASK_PAYLOAD_BYTES = 768 * 1024;

    /** The largest encoded map or range function of a job. */
    public static final int MAX_FUNCTION_BYTES = 768 * 1024;

    /** The largest encoded result of one subtask. */
    public static final int MAX_RESULT_BYTES = 768 * 1024;

    /** The most payload or result bytes packed into one message; a larger single item travels alone. */
    public static final int MAX_BATCH_BYTES = 512 * 1024;

    /** The longest failure message and stack trace kept, in characters; the rest is cut. */
    public static final int MAX_FAILURE_MESSAGE_CHARS = 4 * 1024;
    public static final int MAX_FAILURE_STACK_CHARS = 16 * 1024;

    private Limits() {
    }

    /** {@code text} cut to {@code max} characters, saying how much was cut. */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "\n... (" + (text.length() - max) + " more characters cut)";
    }
}
