package io.taskgrid.coordinator;

import io.taskgrid.ClusterStatus;
import io.taskgrid.TaskgridClient;
import io.taskgrid.TaskgridException;
import io.taskgrid.internal.protocol.ClientMessage;
import io.taskgrid.internal.protocol.EncodedItems;
import io.taskgrid.internal.protocol.GatewayMessage;
import io.taskgrid.internal.protocol.JobSpec;
import io.taskgrid.internal.protocol.ProtocolVersion;
import io.taskgrid.internal.protocol.RunPolicy;
import io.taskgrid.internal.protocol.SubtaskSource;
import io.taskgrid.internal.serialization.KryoPool;
import io.taskgrid.internal.serialization.WireKryo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input at a real coordinator's gateway, over raw sockets: each gets a specific answer, and
 * the coordinator keeps serving everyone else.
 */
class GatewayIT {

    private static final int MAX_FRAME = 64 * 1024;
    private static final KryoPool KRYO = new KryoPool(WireKryo::newGatewayKryo);
    private static CoordinatorNode coordinator;

    @BeforeAll
    static void start() {
        coordinator = CoordinatorNode.start(CoordinatorSettings.ephemeral().withMaxFrameBytes(MAX_FRAME));
    }

    @AfterAll
    static void stop() {
        if (coordinator != null) {
            coordinator.close();
        }
    }

    /** A raw connection that speaks frames. */
    private static final class RawClient implements AutoCloseable {
        private final CoordinatorNode node;
        private final Socket socket;
        private final DataOutputStream out;
        private final DataInputStream in;

        RawClient() throws IOException {
            this(coordinator);
        }

        RawClient(CoordinatorNode node) throws IOException {
            this.node = node;
            socket = new Socket(node.gatewayAddress().host(), node.gatewayAddress().port());
            socket.setSoTimeout(10_000);
            out = new DataOutputStream(socket.getOutputStream());
            in = new DataInputStream(socket.getInputStream());
        }

        void sendBytes(byte[] frame) throws IOException {
            out.writeInt(frame.length);
            out.write(frame);
            out.flush();
        }

        void send(Object message) throws IOException {
            sendBytes(KRYO.encode(message));
        }

        Object receive() throws IOException {
            byte[] frame = new byte[in.readInt()];
            in.readFully(frame);
            return KRYO.decode(frame);
        }

        boolean closedByPeer() throws IOException {
            try {
                return in.read() == -1;
            } catch (EOFException e) {
                return true;
            }
        }

        RawClient welcomed() throws IOException {
            send(new ClientMessage.Hello(ProtocolVersion.CURRENT, "test", "raw", node.token()));
            assertThat(receive()).isInstanceOf(GatewayMessage.Welcome.class);
            return this;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aClientOfAnotherProtocolVersionIsRefusedWithBothVersions() throws Exception {
        try (RawClient client = new RawClient()) {
            client.send(new ClientMessage.Hello(ProtocolVersion.CURRENT + 1, "9.9.9", "future", null));

            GatewayMessage.Refused refused = (GatewayMessage.Refused) client.receive();
            assertThat(refused.reason()).contains("protocol version " + ProtocolVersion.CURRENT,
                    "the client speaks version " + (ProtocolVersion.CURRENT + 1));
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void garbageIsRefusedAsAMalformedFrame() throws Exception {
        try (RawClient client = new RawClient()) {
            client.sendBytes(new byte[]{(byte) 0xFE, 0x7F, 0x13, 0x37});

            assertThat(((GatewayMessage.Refused) client.receive()).reason()).contains("malformed frame");
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void anOversizedFrameIsRefusedWithTheLimit() throws Exception {
        try (RawClient client = new RawClient().welcomed()) {
            client.sendBytes(new byte[MAX_FRAME + 100]);

            assertThat(((GatewayMessage.Refused) client.receive()).reason())
                    .contains("longer than the gateway's limit of " + MAX_FRAME + " bytes");
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void aRequestBeforeTheHandshakeIsRefused() throws Exception {
        try (RawClient client = new RawClient()) {
            client.send(new ClientMessage.GetClusterStatus(1));

            assertThat(((GatewayMessage.Refused) client.receive()).reason()).contains("first message must be a hello");
        }
    }

    @Test
    void badRequestsGetAnAnswerAndTheConnectionStaysUsable() throws Exception {
        try (RawClient client = new RawClient().welcomed()) {
            EncodedItems none = new EncodedItems(new byte[0], new int[]{0});
            client.send(new ClientMessage.SubmitJob(1, new JobSpec("empty-1", "empty", RunPolicy.DEFAULT, new SubtaskSource.TaskListSource(none, false), java.util.List.of())));
            assertThat(((GatewayMessage.RequestFailed) client.receive()).message()).contains("at least one subtask");

            client.send(new ClientMessage.SubmitJob(2, new JobSpec("neg-1", "neg", RunPolicy.DEFAULT,
                    new SubtaskSource.RangeSource(new byte[]{1}, 0, 10, -3), java.util.List.of())));
            assertThat(((GatewayMessage.RequestFailed) client.receive()).message()).contains("chunk size must be positive");

            client.send(new ClientMessage.CancelJob(3, "no-such-job"));
            assertThat(((GatewayMessage.RequestFailed) client.receive()).message()).contains("no running job no-such-job");

            client.send(new ClientMessage.GetClusterStatus(4));
            assertThat(((GatewayMessage.StatusReport) client.receive()).requestId()).isEqualTo(4);
        }
    }

    @Test
    void aClientWithoutTheTokenOrWithAWrongOneIsRefusedWithTheFix() throws Exception {
        try (RawClient none = new RawClient(); RawClient wrong = new RawClient()) {
            none.send(new ClientMessage.Hello(ProtocolVersion.CURRENT, "test", "raw", null));
            wrong.send(new ClientMessage.Hello(ProtocolVersion.CURRENT, "test", "raw", coordinator.token() + "x"));

            assertThat(((GatewayMessage.Refused) none.receive()).reason()).contains("requires the cluster's token", "TASKGRID_TOKEN");
            assertThat(((GatewayMessage.Refused) wrong.receive()).reason()).contains("not the cluster's token");
            assertThat(none.closedByPeer()).isTrue();
            assertThat(wrong.closedByPeer()).isTrue();
        }
        assertThatThrownBy(() -> TaskgridClient.builder().gateways(coordinator.gatewayAddress().toString())
                .token("not-it").connect())
                .isInstanceOf(TaskgridException.class).hasMessageContaining("refused this client");
    }

    @Test
    void aJobSentTwiceRunsOnceAndTheRepeatFollowsIt() throws Exception {
        try (RawClient client = new RawClient().welcomed()) {
            JobSpec spec = new JobSpec("twice-1", "twice", RunPolicy.DEFAULT, new SubtaskSource.RangeSource(new byte[]{1}, 0, 10, 1), java.util.List.of());
            client.send(new ClientMessage.SubmitJob(1, spec));
            assertThat(client.receive()).isInstanceOf(GatewayMessage.JobAccepted.class);

            client.send(new ClientMessage.SubmitJob(2, spec));
            assertThat(((GatewayMessage.JobAccepted) client.receive()).requestId()).isEqualTo(2);

            client.send(new ClientMessage.CancelJob(3, "twice-1"));
            assertThat(client.receive()).isInstanceOf(GatewayMessage.CancelAccepted.class);
            assertThat(((GatewayMessage.JobFinished) client.receive()).state().name()).isEqualTo("CANCELLED");
        }
    }

    @Test
    void attachingNamesTheJobOrSaysWhyNot() throws Exception {
        try (RawClient submitter = new RawClient().welcomed(); RawClient follower = new RawClient().welcomed()) {
            follower.send(new ClientMessage.AttachJob(1, "no-such-job"));
            assertThat(((GatewayMessage.RequestFailed) follower.receive()).message()).contains("there is no job no-such-job");

            JobSpec spec = new JobSpec("follow-1", "follow", RunPolicy.DEFAULT, new SubtaskSource.RangeSource(new byte[]{1}, 0, 10, 1), java.util.List.of());
            submitter.send(new ClientMessage.SubmitJob(1, spec));
            assertThat(submitter.receive()).isInstanceOf(GatewayMessage.JobAccepted.class);
            follower.send(new ClientMessage.AttachJob(2, "follow-1"));
            GatewayMessage.JobAttached attached = (GatewayMessage.JobAttached) follower.receive();
            assertThat(attached.subtaskCount()).isEqualTo(10);
            assertThat(attached.name()).isEqualTo("follow");

            submitter.send(new ClientMessage.CancelJob(2, "follow-1"));
            assertThat(((GatewayMessage.JobFinished) follower.receive()).state().name()).isEqualTo("CANCELLED");
        }
    }

    @Test
    void theCoordinatorServesAWellBehavedClientThroughout() throws Exception {
        try (RawClient bad = new RawClient()) {
            bad.sendBytes(new byte[]{1, 2, 3});
        }
        try (TaskgridClient client = TaskgridClient.builder().gateways(coordinator.gatewayAddress().toString())
                .token(coordinator.token()).connect()) {
            ClusterStatus status = client.status();
            assertThat(status.coordinatorId()).isEqualTo(coordinator.id());
        }
    }

    @Test
    void connectingToTheWrongPortSaysWhichPortToUse() {
        assertThatThrownBy(() -> TaskgridClient.connect(coordinator.httpAddress().toString(), Duration.ofSeconds(5)))
                .isInstanceOf(TaskgridException.class)
                .hasMessageContaining("gateway port");
    }

    @Test
    void theHttpApiAnswersHealthAndStatus() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://" + coordinator.httpAddress();

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(base + "/api/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base + "/nope")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"", "\"role\":\"active\"");
        assertThat(status.body()).contains("\"coordinatorId\":\"" + coordinator.id() + "\"", "\"workers\":[");
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void theHttpApiDescribesAJobAndCancelsItOnlyWithTheToken() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://" + coordinator.httpAddress();
        try (RawClient client = new RawClient().welcomed()) {
            JobSpec spec = new JobSpec("http-1", "seen", RunPolicy.DEFAULT, new SubtaskSource.RangeSource(new byte[]{1}, 0, 10, 1), java.util.List.of());
            client.send(new ClientMessage.SubmitJob(1, spec));
            assertThat(client.receive()).isInstanceOf(GatewayMessage.JobAccepted.class);

            HttpResponse<String> job = get(http, base + "/api/jobs/http-1");
            assertThat(job.statusCode()).isEqualTo(200);
            assertThat(job.body()).contains("\"id\":\"http-1\"", "\"name\":\"seen\"", "\"state\":\"RUNNING\"",
                    "\"total\":10", "\"pending\":10", "\"failures\":[]");
            assertThat(get(http, base + "/api/jobs").body()).contains("\"id\":\"http-1\"");
            assertThat(get(http, base + "/api/workers").body()).isEqualTo("[]\n");
            HttpResponse<String> subtask = get(http, base + "/api/jobs/http-1/subtasks/3");
            assertThat(subtask.statusCode()).isEqualTo(200);
            assertThat(subtask.body()).contains("\"jobId\":\"http-1\"", "\"index\":3", "\"state\":\"PENDING\"",
                    "\"story\":[]");
            HttpResponse<String> unknown = get(http, base + "/api/jobs/nope-1");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("there is no job nope-1: the id is wrong, or the job ended and is no "
                    + "longer kept (the coordinator keeps ended jobs for 1h and in at most ");

            HttpResponse<String> anonymous = post(http, base + "/api/jobs/http-1/cancel", null);
            HttpResponse<String> wrong = post(http, base + "/api/jobs/http-1/cancel", "not-the-token");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).contains("Authorization: Bearer TOKEN");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(get(http, base + "/api/jobs/http-1").body()).contains("\"state\":\"RUNNING\"");

            assertThat(post(http, base + "/api/jobs/http-1/cancel", coordinator.token()).statusCode()).isEqualTo(202);
            assertThat(((GatewayMessage.JobFinished) client.receive()).state().name()).isEqualTo("CANCELLED");
            assertThat(get(http, base + "/api/jobs/http-1").body()).contains("\"state\":\"CANCELLED\"",
                    "\"reason\":\"cancelled by HTTP");
            assertThat(post(http, base + "/api/jobs/http-1/cancel", coordinator.token()).statusCode()).isEqualTo(409);
            HttpResponse<String> storyGone = get(http, base + "/api/jobs/http-1/subtasks/3");
            assertThat(storyGone.statusCode()).as("never assigned, cancelled in one sweep: no move to tell").isEqualTo(404);
            assertThat(storyGone.body()).contains("subtask 3 of job http-1 has no story here");
        }
    }

    @Test
    void aJobDroppedToStayUnderTheBoundIsNotFoundAndTheAnswerSaysWhatIsKept() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        CoordinatorNode small = CoordinatorNode.start(CoordinatorSettings.ephemeral()
                .withRetention(Duration.ofHours(1), 4 * 1024)); // about 20 small ended jobs
        try (RawClient client = new RawClient(small).welcomed()) {
            int jobs = 60; // more than the 50 recent ones that the job manager holds itself
            for (int i = 0; i < jobs; i++) {
                JobSpec spec = new JobSpec("drop-" + i, "dropped", RunPolicy.DEFAULT,
                        new SubtaskSource.RangeSource(new byte[]{1}, 0, 1, 1), java.util.List.of());
                client.send(new ClientMessage.SubmitJob(2 * i, spec));
                assertThat(client.receive()).isInstanceOf(GatewayMessage.JobAccepted.class);
                client.send(new ClientMessage.CancelJob(2 * i + 1, "drop-" + i));
                assertThat(client.receive()).isInstanceOf(GatewayMessage.CancelAccepted.class);
                assertThat(client.receive()).isInstanceOf(GatewayMessage.JobFinished.class);
            }
            String base = "http://" + small.httpAddress();

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> dropped = get(http, base + "/api/jobs/drop-0");
                assertThat(dropped.statusCode()).isEqualTo(404);
                assertThat(dropped.body()).contains("there is no job drop-0: the id is wrong, or the job ended and is "
                        + "no longer kept (the coordinator keeps ended jobs for 1h and in at most 4 KiB of memory, the "
                        + "oldest going first; it dropped ", " to stay under that, and keeps those that ended since ");
            });
            client.send(new ClientMessage.AttachJob(1_000, "drop-0"));
            assertThat(((GatewayMessage.RequestFailed) client.receive()).message()).contains("there is no job drop-0");
            assertThat(get(http, base + "/api/jobs/drop-" + (jobs - 1)).statusCode()).isEqualTo(200);
        } finally {
            small.close();
        }
    }

    private static HttpResponse<String> get(HttpClient http, String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, String uri, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
