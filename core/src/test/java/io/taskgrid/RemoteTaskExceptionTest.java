package io.taskgrid;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RemoteTaskExceptionTest {

    @Test
    void theRemoteStackBecomesTheExceptionsStack() {
        String stack = "java.lang.IllegalStateException: boom\n"
                + "\tat com.acme.Work.step(Work.java:12)\n"
                + "\tat java.base/java.lang.Thread.run(Thread.java:833)\n"
                + "\tat sun.nio.ch.Net.poll(Native Method)\n"
                + "Caused by: java.io.IOException: disk\n"
                + "\t... 2 more\n";

        RemoteTaskException error = new RemoteTaskException("j", 4, 2, "worker-1",
                "java.lang.IllegalStateException", "boom", stack);

        assertThat(error.getMessage()).isEqualTo(
                "subtask 4 of job j failed on worker worker-1 after 2 attempts: java.lang.IllegalStateException: boom");
        assertThat(error.getStackTrace()).extracting(StackTraceElement::toString).containsExactly(
                "com.acme.Work.step(Work.java:12)", "java.lang.Thread.run(Thread.java:833)",
                "sun.nio.ch.Net.poll(Native Method)");
    }
}
