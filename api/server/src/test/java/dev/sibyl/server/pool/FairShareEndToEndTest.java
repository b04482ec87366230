package dev.sibyl.server.pool;

import static dev.sibyl.server.testing.TenantExperiments.trials;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.driver.DriverSupervisor;
import dev.sibyl.server.pool.FourSlotPool.Sample;
import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two tenants share a local pool of four trial slots, each with an experiment asking for four at a time: the pool
 * scheduler admits trials so that, while both wait, tenant weights 3:1 give running trials 3:1, the pool is never
 * over-allocated, every waiting trial shows its place and reason, and both experiments run to the end.
 */
@QuarkusTest
@TestProfile(FairShareEndToEndTest.FourSlots.class)
class FairShareEndToEndTest {
    /** A local pool of four trial slots. */
    public static class FourSlots implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sibyl.pools.local.slots",
                    "4",
                    "sibyl.scheduler.min-runtime-before-preemption",
                    "0s",
                    "quarkus.log.category.\"dev.sibyl.server.pool\".level",
                    "DEBUG");
        }
    }

    @Inject
    ApiTokens tokens;

    @Inject
    EntityManager entities;

    @Inject
    DriverSupervisor drivers;

    private FourSlotPool slots() {
        return new FourSlotPool(entities, drivers);
    }

    /**
     * Both experiments always have more trials to offer (maxTrialNumber far away) and trials last 2–3 s, so for the
     * 20 s measured both tenants have demand. A trial that ends keeps its slot for its experiment until the driver
     * has queued the next one (ADR 0032); without that hand-over, passes between a trial's end and its successor's
     * arrival gave the slot to the other tenant for a whole trial (heavy 2.61 and 1.88 on loaded CI machines).
     */
    @Test
    void weightsThreeToOneShareFourSlotsThreeToOneAndEveryWaitingTrialSaysWhy() throws Exception {
        slots().stopEverythingElse();
        TestTenant heavy = TestTenants.create(tokens);
        TestTenant light = TestTenants.create(tokens);
        weigh(heavy, 3);
        weigh(light, 1);
        String heavyToken = heavy.token(Role.MEMBER);
        String lightToken = light.token(Role.MEMBER);
        String endless = FourSlotPool.config(4, 500, -1);
        String heavyExperiment = FourSlotPool.submit(heavy, heavyToken, endless);
        String lightExperiment = FourSlotPool.submit(light, lightToken, endless);

        List<Sample> contended = new ArrayList<>();
        boolean reasonSeen = false;
        boolean queueSeen = false;
        long measuring = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        // at least 20 s of contention, and longer on a loaded machine where each sample takes longer to take
        while (System.nanoTime() < deadline
                && (measuring == 0 || System.nanoTime() - measuring < 20e9 || contended.size() <= 50)) {
            Sample s = slots().sample(heavyExperiment, lightExperiment);
            assertThat(s.heavy() + s.light())
                    .as("trials holding slots of a 4-slot pool")
                    .isLessThanOrEqualTo(4);
            if (measuring == 0 && s.heavy() > 0 && s.light() > 0) {
                measuring = System.nanoTime(); // both have been admitted: the contention window starts
            }
            if (measuring != 0 && s.heavyWaiting() > 0 && s.lightWaiting() > 0) {
                contended.add(s);
            }
            for (Map<String, Object> t : trials(heavy, heavyToken, heavyExperiment)) {
                if ("WAITING".equals(t.get("status")) && t.get("queue") instanceof Map<?, ?> queue) {
                    assertThat((String) queue.get("reason")).isNotBlank();
                    assertThat((Integer) queue.get("position")).isPositive();
                    reasonSeen = true;
                }
            }
            List<Map<String, Object>> queue = Api.admin()
                    .get("/api/v1/pools/local/queue")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("$");
            if (!queue.isEmpty()) {
                queueSeen = true;
                assertThat(queue)
                        .allSatisfy(e -> assertThat((String) e.get("reason")).isNotBlank());
            }
            Thread.sleep(100);
        }
        FourSlotPool.stop(heavy, heavyToken, heavyExperiment);
        FourSlotPool.stop(light, lightToken, lightExperiment);

        assertThat(reasonSeen).as("a waiting trial showed why it waits").isTrue();
        assertThat(queueSeen).as("the pool's queue listed waiting trials").isTrue();
        assertThat(contended).as("samples with both tenants waiting").hasSizeGreaterThan(50);
        double filled = contended.stream()
                .mapToInt(x -> x.heavy() + x.light())
                .average()
                .orElseThrow();
        assertThat(filled).as("slots in use on average while both wait (of 4)").isGreaterThan(3.6);
        List<Sample> full =
                contended.stream().filter(x -> x.heavy() + x.light() == 4).toList();
        double heavySlots = full.stream().mapToInt(Sample::heavy).average().orElseThrow();
        double lightSlots = full.stream().mapToInt(Sample::light).average().orElseThrow();
        System.out.printf(
                "fair share, weights 3:1, 4 slots: heavy %.2f, light %.2f slots on average over %d full samples%n",
                heavySlots, lightSlots, full.size());
        // Ideal 3 : 1; equal weights would give 1 : 1. With the hand-over: 3.00 on a quiet machine and beside three
        // busy loops; without it 2.80 there and 1.88-2.61 in CI.
        assertThat(heavySlots / lightSlots)
                .as("heavy %.2f vs light %.2f slots on average (ideal 3 : 1) over %s", heavySlots, lightSlots, full)
                .isGreaterThanOrEqualTo(2.5);
        for (String id : List.of(heavyExperiment, lightExperiment)) {
            TestTenant t = id.equals(heavyExperiment) ? heavy : light;
            String token = id.equals(heavyExperiment) ? heavyToken : lightToken;
            assertThat(trials(t, token, id))
                    .extracting(trial -> trial.get("status"))
                    .doesNotContain("FAILED", "WAITING", "RUNNING", "SYS_CANCELED");
        }
    }

    /**
     * Past usage decays but counts: a tenant whose trials filled the pool for the last hour yields to one of equal
     * weight that ran nothing (with past usage ignored they would split the four slots 2 : 2).
     */
    @Test
    void aTenantThatRanHeavilyInTheLastHourYieldsToOneThatDidNot() throws Exception {
        slots().stopEverythingElse();
        TestTenant busy = TestTenants.create(tokens);
        TestTenant fresh = TestTenants.create(tokens);
        String busyToken = busy.token(Role.MEMBER);
        String freshToken = fresh.token(Role.MEMBER);
        String history = FourSlotPool.submit(busy, busyToken, FourSlotPool.config(1, 1, 0.1));
        FourSlotPool.stop(busy, busyToken, history);
        Instant now = Instant.now();
        for (int i = 0; i < 8; i++) {
            ranEarlier(busy, history, i, now.minus(Duration.ofMinutes(70)), now.minus(Duration.ofMinutes(10)));
        }

        String endless = FourSlotPool.config(4, 500, -1);
        String busyExperiment = FourSlotPool.submit(busy, busyToken, endless);
        String freshExperiment = FourSlotPool.submit(fresh, freshToken, endless);
        List<Sample> contended = slots().samples(
                        busyExperiment,
                        freshExperiment,
                        Duration.ofMinutes(2),
                        100,
                        150,
                        s -> s.heavy() + s.light() == 4 && s.heavyWaiting() > 0 && s.lightWaiting() > 0);
        FourSlotPool.stop(busy, busyToken, busyExperiment);
        FourSlotPool.stop(fresh, freshToken, freshExperiment);

        assertThat(contended).as("samples of a full pool with both waiting").hasSizeGreaterThan(30);
        double[] slots = FourSlotPool.averageSlots(contended);
        double busySlots = slots[0];
        double freshSlots = slots[1];
        System.out.printf("past usage: busy %.2f, fresh %.2f slots on average%n", busySlots, freshSlots);
        assertThat(freshSlots)
                .as("fresh %.2f vs busy %.2f slots (equal weights; 2 : 2 without past usage)", freshSlots, busySlots)
                .isGreaterThan(1.5 * busySlots);
    }

    /** A trial of the tenant's that held one slot from {@code start} to {@code end}, written straight into the store. */
    private void ranEarlier(TestTenant t, String experimentId, int index, Instant start, Instant end) {
        QuarkusTransaction.requiringNew()
                .run(() -> entities.createNativeQuery("insert into trials (id, tenant_id, experiment_id, trial_id,"
                                + " sequence_id, parameter_source, parameters, parameter_record, status, started_at,"
                                + " ended_at) values (?1, ?2, ?3, ?4, ?5, 'algorithm', cast('{}' as jsonb), '{}',"
                                + " 'SUCCEEDED', ?6, ?7)")
                        .setParameter(1, -5_000_000L - t.id() * 100 - index)
                        .setParameter(2, t.id())
                        .setParameter(3, experimentId)
                        .setParameter(4, "h" + index)
                        .setParameter(5, 10_000L + index)
                        .setParameter(6, java.sql.Timestamp.from(start))
                        .setParameter(7, java.sql.Timestamp.from(end))
                        .executeUpdate());
    }

    @Test
    void anOwnerBackFromIdleReclaimsItsNominalQuotaFromABorrowerWhosePreemptedTrialsRunAgain() throws Exception {
        slots().stopEverythingElse();
        TestTenant owner = TestTenants.create(tokens);
        TestTenant borrower = TestTenants.create(tokens);
        Api.admin()
                .contentType("application/json")
                .body(Map.of("pools", Map.of("local", Map.of("maxConcurrentTrials", 4, "nominalTrials", 4))))
                .put("/api/v1/admin/tenants/" + owner.slug() + "/quota")
                .then()
                .statusCode(200);
        String ownerToken = owner.token(Role.MEMBER);
        String borrowerToken = borrower.token(Role.MEMBER);
        String borrowed = FourSlotPool.submit(borrower, borrowerToken, FourSlotPool.config(4, 6, 6.0));
        slots().awaitSample(s -> s.light() == 4, "-", borrowed, "the borrower holds all four slots");

        String reclaimed = FourSlotPool.submit(owner, ownerToken, FourSlotPool.config(2, 2, 1.0));
        Sample back =
                slots().awaitSample(s -> s.heavy() == 2, reclaimed, borrowed, "the owner holds its two trials' slots");
        assertThat(back.light()).as("the borrower kept the rest").isEqualTo(2);

        await(() -> isDone(owner, ownerToken, reclaimed) && isDone(borrower, borrowerToken, borrowed));
        List<Map<String, Object>> trials = trials(borrower, borrowerToken, borrowed);
        List<Map<String, Object>> preempted = trials.stream()
                .filter(t -> "SYS_CANCELED".equals(t.get("status")))
                .toList();
        assertThat(preempted).as("exactly the two slots the owner needed").hasSize(2);
        for (Map<String, Object> p : preempted) {
            assertThat(trials)
                    .as("trial %s queued again with its parameters, and finished", p.get("id"))
                    .anySatisfy(t -> {
                        assertThat(t.get("status")).isEqualTo("SUCCEEDED");
                        assertThat(t.get("parameters")).isEqualTo(p.get("parameters"));
                        assertThat(t.get("parameterId")).isEqualTo(p.get("parameterId"));
                        assertThat(t.get("requeuedFrom")).isEqualTo(p.get("id"));
                        // The borrower learns why and where the run went on, not who reclaimed.
                        assertThat(p.get("message"))
                                .isEqualTo("preempted: another tenant reclaimed its nominal quota in pool local;"
                                        + " queued again as trial " + t.get("id"));
                    });
        }
        assertThat(trials).hasSize(6 + 2);
        assertThat(trials(owner, ownerToken, reclaimed))
                .extracting(t -> t.get("status"))
                .containsOnly("SUCCEEDED");
    }

    private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(done.getAsBoolean()).as("both experiments done").isTrue();
    }

    private static void weigh(TestTenant t, double weight) {
        Api.admin()
                .contentType("application/json")
                .body(Map.of("weight", weight))
                .put("/api/v1/admin/tenants/" + t.slug() + "/quota")
                .then()
                .statusCode(200);
    }

    private static int count(List<Map<String, Object>> trials, String status) {
        return (int) trials.stream().filter(t -> status.equals(t.get("status"))).count();
    }

    private static boolean isDone(TestTenant t, String token, String id) {
        return "DONE"
                .equals(t.as(token)
                        .get(t.experiments() + "/" + id)
                        .then()
                        .extract()
                        .path("status"));
    }
}
