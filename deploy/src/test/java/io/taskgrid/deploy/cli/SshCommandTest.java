package io.taskgrid.deploy.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code taskgrid ssh}: the remote command lines as pure functions (quoting, no token anywhere on
 * them), the command's checks and {@code --dry-run}, and start/status/stop end to end through a
 * stand-in for ssh that runs the remote command with the local sh in a home directory per host.
 */
class SshCommandTest {

    private static final String TOKEN = "d3adb33f-the-cluster-token";
    private static final List<String> HOSTILE = List.of("'; rm -rf /", "it's", "$(touch pwned)", "`touch pwned`",
            "two words", "line\nbreak", "back\\slash", "*", "\"quoted\"", "", "'");

    @TempDir
    Path temp;
    private Path tokenFile;

    /** What one run of the command line printed. */
    record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void writeTokenFile() throws IOException {
        // the command reads $TASKGRID_TOKEN before any file: these tests need it unset
        assumeTrue(System.getenv("TASKGRID_TOKEN") == null, "TASKGRID_TOKEN is set");
        tokenFile = Files.writeString(temp.resolve("token"), TOKEN + "\n");
    }

    @AfterEach
    void stopLeftoverWorkers() throws IOException {
        Path homes = temp.resolve("home");
        if (Files.isDirectory(homes)) {
            try (Stream<Path> hosts = Files.list(homes)) {
                for (Path pidFile : hosts.map(home -> home.resolve(".taskgrid/worker.pid")).filter(Files::exists).toList()) {
                    ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroy);
                }
            }
        }
    }

    @Test
    void aQuotedValueReachesTheShellUnchanged() throws Exception {
        for (String value : HOSTILE) {
            assertThat(shellOutput("printf %s " + RemoteWorkerCommands.quote(value))).isEqualTo(value);
            assertThat(shellOutput("printf %s " + RemoteWorkerCommands.shellWord(value))).isEqualTo(value);
        }
        assertThat(RemoteWorkerCommands.quote("'; rm -rf /")).isEqualTo("''\\''; rm -rf /'");
        assertThat(RemoteWorkerCommands.shellWord("host-1.example:7710")).isEqualTo("host-1.example:7710");
    }

    @Test
    void theStartScriptQuotesEveryValueFromTheUser() {
        String script = RemoteWorkerCommands.startScript("/opt/it's/taskgrid",
                RemoteWorkerCommands.workerArguments("evil'; rm -rf /:7710", 4, List.of("--cache-dir", "$(id)")));
        assertThat(script).contains("nohup '/opt/it'\\''s/taskgrid' worker --coordinator 'evil'\\''; rm -rf /:7710' "
                + "--threads 4 --cache-dir '$(id)' --token-file \"$dir/token\" > \"$log\" 2>&1 < /dev/null & pid=$!;");
    }

    @Test
    void everyScriptIsOneLineOfValidSh() throws Exception {
        for (String script : List.of(RemoteWorkerCommands.startScript("/opt/taskgrid/bin/taskgrid",
                        RemoteWorkerCommands.workerArguments("h:7710", null, List.of())),
                RemoteWorkerCommands.stopScript(), RemoteWorkerCommands.statusScript())) {
            assertThat(script).doesNotContain("\n");
            assertThat(shellOutput("sh -n -c " + RemoteWorkerCommands.quote(script) + " && echo ok")).isEqualTo("ok\n");
        }
    }

    @Test
    void theSshCommandLineNeverPromptsAndKeepsTheHostFromPassingForAnOption() {
        assertThat(RemoteWorkerCommands.sshCommandLine("ssh", List.of("-p2222"), "deploy", "node1", "echo 'hi'"))
                .containsExactly("ssh", "-o", "BatchMode=yes", "-p2222", "-o", "ConnectTimeout=10", "-l", "deploy",
                        "--", "node1", "sh -c 'echo '\\''hi'\\'''");
        assertThat(RemoteWorkerCommands.sshCommandLine("ssh", List.of(), null, "node1", "true"))
                .containsExactly("ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "--", "node1", "sh -c 'true'");
    }

    @Test
    void dryRunPrintsOneRunnableLinePerHostAndNeverTheToken() {
        Run run = taskgrid("ssh", "start", "--hosts", "node1,node2", "--coordinator", "evil'; rm -rf /:7710",
                "--threads", "2", "--ssh-option=-p2222", "--ssh-option", "-oStrictHostKeyChecking=accept-new",
                "--token-file", tokenFile.toString(), "--dry-run");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("ssh -o BatchMode=yes -p2222 -oStrictHostKeyChecking=accept-new "
                + "-o ConnectTimeout=10 -- node1 'sh -c '\\''").endsWith(" < " + tokenFile);
        assertThat(lines.get(1)).contains(" -- node2 ");
        assertThat(run.out() + run.err()).doesNotContain(TOKEN);
    }

    @Test
    void hostsThatLookLikeOptionsOrRepeatAreRefused() {
        Run option = taskgrid("ssh", "status", "--hosts", "node1,-oProxyCommand=touch pwned", "--dry-run");
        assertThat(option.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(option.err()).contains("'-oProxyCommand=touch pwned' in --hosts is not a host name");
        Run twice = taskgrid("ssh", "stop", "--hosts", "node1,node1", "--dry-run");
        assertThat(twice.err()).contains("'node1' is in --hosts twice");
    }

    @Test
    void wrongWorkerOptionsAreRefusedBeforeAnyHostIsAsked() {
        Run run = taskgrid("ssh", "start", "--hosts", "node1", "--coordinator", "10.0.0.5:7710",
                "--token-file", tokenFile.toString(), "--dry-run", "--", "--cache-dri", "/tmp");
        assertThat(run.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(run.err()).contains("the workers' options are wrong").contains("--cache-dri");
        assertThat(run.out()).isEmpty();
        Run noPort = taskgrid("ssh", "start", "--hosts", "node1", "--coordinator", "10.0.0.5", "--dry-run");
        assertThat(noPort.err()).contains("expected an address HOST:PORT");
    }

    @Test
    void sshsOwnErrorsAreNamedAsSuch() {
        assertThat(SshSessions.outcome("node1", 255, "Permission denied (publickey)."))
                .isEqualTo(new SshSessions.Outcome("node1", false, "ssh failed: Permission denied (publickey)."));
        assertThat(SshSessions.outcome("node1", 0, "")).isEqualTo(new SshSessions.Outcome("node1", true, "done"));
        assertThat(SshSessions.lastLine("Warning: added key\nstarted worker pid 7\n\n")).isEqualTo("started worker pid 7");
    }

    @Test
    void startStatusAndStopAWorkerThroughAStandInForSsh() throws Exception {
        Path ssh = fakeSsh();
        Path remoteTaskgrid = fakeTaskgrid("it's a dir/taskgrid", "printf '%s\\n' \"$@\" > \"$HOME/worker-arguments\"",
                "trap 'exit 0' TERM", "while :; do sleep 1; done");
        Run start = taskgrid("ssh", "start", "--hosts", "a,b,unreachable", "--coordinator", "10.0.0.5:7710",
                "--token-file", tokenFile.toString(), "--remote-taskgrid", remoteTaskgrid.toString(),
                "--ssh-program", ssh.toString(), "--", "--cache-dir", "$(touch pwned) `touch pwned`");

        assertThat(start.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(start.out()).containsPattern("(?m)^a: started worker pid \\d+ \\(log: ~/.taskgrid/worker.log\\)$")
                .containsPattern("(?m)^b: started worker pid \\d+");
        assertThat(start.err()).contains("unreachable: ssh failed: ssh: connect to host unreachable port 22: "
                + "Connection refused", "1 of 3 hosts failed");
        Path home = temp.resolve("home/a");
        assertThat(Files.readString(home.resolve(".taskgrid/token"))).isEqualTo(TOKEN + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(".taskgrid/token"))))
                .isEqualTo("rw-------");
        assertThat(Files.readAllLines(home.resolve("worker-arguments"))).containsExactly("worker", "--coordinator",
                "10.0.0.5:7710", "--cache-dir", "$(touch pwned) `touch pwned`", "--token-file",
                home.resolve(".taskgrid/token").toString());
        assertThat(Files.readString(temp.resolve("ssh-command-lines"))).doesNotContain(TOKEN);
        try (Stream<Path> files = Files.walk(temp)) {
            assertThat(files.filter(file -> file.getFileName().toString().equals("pwned"))).isEmpty();
        }
        long pid = Long.parseLong(Files.readString(home.resolve(".taskgrid/worker.pid")).strip());

        Run status = taskgrid("ssh", "status", "--hosts", "a", "--ssh-program", ssh.toString());
        assertThat(status.out()).isEqualTo("a: running, worker pid " + pid + "\n");
        Run again = taskgrid("ssh", "start", "--hosts", "a", "--coordinator", "10.0.0.5:7710", "--token-file",
                tokenFile.toString(), "--remote-taskgrid", remoteTaskgrid.toString(), "--ssh-program", ssh.toString());
        assertThat(again.err()).contains("a: a worker already runs there (pid " + pid + ")");

        Run stop = taskgrid("ssh", "stop", "--hosts", "a,b,c", "--ssh-program", ssh.toString());
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(stop.out()).contains("a: stopped worker pid " + pid, "c: not running");
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertThat(home.resolve(".taskgrid/worker.pid")).doesNotExist();
        assertThat(taskgrid("ssh", "status", "--hosts", "a", "--ssh-program", ssh.toString()).out())
                .isEqualTo("a: not running\n");
    }

    @Test
    void aWorkerThatCannotStartIsReportedWithItsError() throws Exception {
        Path ssh = fakeSsh();
        Path failing = fakeTaskgrid("taskgrid", "echo 'taskgrid: no java found: install a JDK 17' >&2", "exit 1");
        Run start = taskgrid("ssh", "start", "--hosts", "a", "--coordinator", "10.0.0.5:7710", "--token-file",
                tokenFile.toString(), "--remote-taskgrid", failing.toString(), "--ssh-program", ssh.toString());
        assertThat(start.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(start.err()).contains("a: the worker exited at once: taskgrid: no java found: install a JDK 17");
        assertThat(temp.resolve("home/a/.taskgrid/worker.pid")).doesNotExist();

        Run missing = taskgrid("ssh", "start", "--hosts", "a", "--coordinator", "10.0.0.5:7710", "--token-file",
                tokenFile.toString(), "--remote-taskgrid", "/nowhere/bin/taskgrid", "--ssh-program", ssh.toString());
        assertThat(missing.err()).contains("a: no taskgrid at /nowhere/bin/taskgrid there");
    }

    private Run taskgrid(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = Cli.create();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /**
     * A stand-in for ssh: records its command line, skips the options up to "--", takes the host
     * ("unreachable" fails as ssh does) and runs the rest with sh in a home directory of that host,
     * as sshd would with the user's login shell.
     */
    private Path fakeSsh() throws IOException {
        String root = RemoteWorkerCommands.quote(temp.toString());
        return executable(temp.resolve("fake-ssh"),
                "printf '%s\\n' \"$*\" >> " + root + "/ssh-command-lines",
                "while [ \"$#\" -gt 0 ] && [ \"$1\" != -- ]; do shift; done",
                "shift; host=$1; shift",
                "if [ \"$host\" = unreachable ]; then",
                "  echo \"ssh: connect to host $host port 22: Connection refused\" >&2; exit 255",
                "fi",
                "HOME=" + root + "/home/\"$host\"; export HOME; mkdir -p \"$HOME\"; cd \"$HOME\"",
                "exec sh -c \"$*\"");
    }

    /** A stand-in for the remote bin/taskgrid, at {@code name} under the temporary directory. */
    private Path fakeTaskgrid(String name, String... lines) throws IOException {
        Path file = temp.resolve("remote").resolve(name);
        Files.createDirectories(file.getParent());
        return executable(file, lines);
    }

    private static Path executable(Path file, String... lines) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    private static String shellOutput(String command) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0).as(command + " printed " + output)
                .isTrue();
        return output;
    }
}
