package dev.sibyl.server.metric;

import static dev.sibyl.server.trial.ExperimentFixtures.api;
import static dev.sibyl.server.trial.ExperimentFixtures.experiment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.server.channel.TrialChannelAddresses;
import dev.sibyl.server.driver.DriverSupervisor;
import dev.sibyl.server.trial.ExperimentFixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Group commit of reported metrics: many concurrent reports, few transactions, nothing lost. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricBatchingTest {
    private static final int REPORTERS = 40;
    private static final int REPORTS_EACH = 25;

    @Inject
    MetricBatcher batcher;

    @Inject
    MetricStore store;

    @Inject
    DataSource dataSource;

    @Inject
    DriverSupervisor supervisor;

    @Inject
    TrialChannelAddresses addresses;

    String experimentId;
    List<String> trials;

    @BeforeEach
    void startExperimentOnce() {
        if (experimentId != null) {
            return;
        }
        experimentId = ExperimentFixtures.create(
                ExperimentFixtures.sleeperConfig("batching", "{x: {_type: uniform, _value: [0, 1]}}", "Random", 2, 2));
        trials = ExperimentFixtures.awaitStatus(experimentId, "RUNNING", 2, Duration.ofSeconds(60));
    }

    @AfterAll
    void stopExperiment() {
        if (experimentId != null) {
            supervisor.stop(experimentId);
        }
    }

    @Test
    void storesEveryMetricOfManyConcurrentReportersInFewTransactions() throws Exception {
        MetricBatcher.Stats before = batcher.stats();
        int storedBefore = periodicalTotal();
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService reporters = Executors.newFixedThreadPool(REPORTERS);
        List<Future<List<Integer>>> statuses = new ArrayList<>();
        for (int r = 0; r < REPORTERS; r++) {
            int reporter = r;
            String trialId = trials.get(r % 2);
            String url = addresses.channelUrl(experimentId, trialId);
            statuses.add(reporters.submit(() -> {
                List<Integer> answers = new ArrayList<>();
                for (int i = 0; i < REPORTS_EACH; i++) {
                    // Each reporter owns a range of sequence numbers of its trial.
                    int sequence = (reporter / 2) * REPORTS_EACH + i;
                    String record = "{\"parameter_id\": null, \"trial_job_id\": \"" + trialId
                            + "\", \"type\": \"PERIODICAL\", \"sequence\": " + sequence + ", \"value\": \""
                            + (reporter + i / 100.0) + "\"}";
                    String body = "{\"type\": \"metric\", \"metric\": "
                            + com.fasterxml.jackson.databind.node.TextNode.valueOf(record) + "}";
                    HttpResponse<Void> answer = http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .PUT(HttpRequest.BodyPublishers.ofString(body))
                                    .timeout(Duration.ofSeconds(60))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    answers.add(answer.statusCode());
                }
                return answers;
            }));
        }
        for (Future<List<Integer>> s : statuses) {
            assertThat(s.get(120, TimeUnit.SECONDS)).containsOnly(200);
        }
        reporters.shutdown();
        MetricBatcher.Stats after = batcher.stats();

        int metrics = REPORTERS * REPORTS_EACH;
        assertThat(periodicalTotal() - storedBefore).isEqualTo(metrics);
        assertThat(after.requests() - before.requests()).isEqualTo(metrics);
        assertThat(after.transactions() - before.transactions())
                .as("transactions for %d metrics", metrics)
                .isPositive()
                .isLessThanOrEqualTo(metrics / 2);
    }

    @Test
    void refusesMoreRecordsThanItsQueueHolds() {
        MetricBatcher small = batcher(5, Duration.ofMillis(1));
        try {
            List<ReportedMetric> six = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                six.add(new ReportedMetric(trials.get(0), null, MetricType.PERIODICAL, 5000 + i, "1", 1.0));
            }
            assertThatThrownBy(() -> small.submit(experimentId, trials.get(0), six))
                    .isInstanceOf(MetricQueueFullException.class);
        } finally {
            small.stop(null);
        }
    }

    @Test
    void writesEverythingQueuedBeforeItShutsDownAndThenRefusesMore() throws Exception {
        MetricBatcher lingering = batcher(10_000, Duration.ofMillis(200));
        List<CompletableFuture<MetricBatcher.Outcome>> done = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            done.add(lingering
                    .submit(
                            experimentId,
                            trials.get(1),
                            List.of(new ReportedMetric(trials.get(1), null, MetricType.PERIODICAL, 6000 + i, "2", 2.0)))
                    .toCompletableFuture());
        }

        lingering.stop(null);

        for (CompletableFuture<MetricBatcher.Outcome> d : done) {
            assertThat(d).isCompletedWithValue(MetricBatcher.Outcome.STORED);
        }
        assertThat(lingering.stats().transactions()).isLessThan(30);
        assertThat(api().get(experiment(experimentId) + "/metrics?trialId=" + trials.get(1) + "&size=1000")
                        .then()
                        .extract()
                        .<List<Integer>>path("items.sequence"))
                .contains(6000, 6029);
        assertThatThrownBy(() -> lingering.submit(
                        experimentId,
                        trials.get(1),
                        List.of(new ReportedMetric(trials.get(1), null, MetricType.PERIODICAL, 7000, "3", 3.0))))
                .isInstanceOf(MetricBatcherClosedException.class);
    }

    @Test
    void answersEachRequestOfABatchOnItsOwn() throws Exception {
        CompletableFuture<MetricBatcher.Outcome> known = batcher.submit(
                        experimentId,
                        trials.get(0),
                        List.of(new ReportedMetric(trials.get(0), null, MetricType.PERIODICAL, 8000, "1", 1.0)))
                .toCompletableFuture();
        CompletableFuture<MetricBatcher.Outcome> unknown = batcher.submit(
                        experimentId,
                        "Qq000",
                        List.of(new ReportedMetric("Qq000", null, MetricType.PERIODICAL, 0, "1", 1.0)))
                .toCompletableFuture();

        assertThat(known.get(10, TimeUnit.SECONDS)).isEqualTo(MetricBatcher.Outcome.STORED);
        assertThat(unknown.get(10, TimeUnit.SECONDS)).isEqualTo(MetricBatcher.Outcome.UNKNOWN_TRIAL);
    }

    private int periodicalTotal() {
        return api().get(experiment(experimentId) + "/metrics?type=PERIODICAL&size=1")
                .then()
                .statusCode(200)
                .extract()
                .path("total");
    }

    /** A second batcher over the same database, with its own limits. */
    private MetricBatcher batcher(int capacity, Duration linger) {
        MetricBatcher b = new MetricBatcher();
        b.store = store;
        b.dataSource = dataSource;
        b.supervisor = supervisor;
        b.maxBatchRecords = 500;
        b.linger = linger;
        b.queueCapacity = capacity;
        return b;
    }
}
