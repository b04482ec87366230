package dev.sibyl.server.pool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.scheduler.fairshare.Admit;
import dev.sibyl.scheduler.fairshare.Resources;
import dev.sibyl.scheduler.fairshare.WaitingTrial;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A trial admitted on loan ({@code sibyl.scheduler.lend-held}) must read back as on loan at every later pass, or the
 * reservation it borrowed from could never take the GPUs back.
 */
class LoanPlacementTest {
    private final ObjectMapper json = new ObjectMapper();
    private final WaitingTrial trial =
            new WaitingTrial("e1/t1", "acme", "e1", 0, new Resources(1, "", 0, 0, 1), Set.of(), 0);

    @Test
    void anAdmissionOnLoanIsRecordedAndReadBackAsOnLoan() throws Exception {
        JsonNode placement =
                json.readTree(PoolScheduler.placementJson(json, new Admit(trial, "east", "m0", List.of(3), true)));

        assertThat(SnapshotReader.onLoan(placement)).isTrue();
        assertThat(placement.path("pool").asText()).isEqualTo("east");
        assertThat(placement.path("machine").asText()).isEqualTo("m0");
        assertThat(placement.path("gpus").get(0).asInt()).isEqualTo(3);
    }

    @Test
    void anOrdinaryAdmissionIsNotOnLoanAndPlacementsWrittenBeforeLendingReadAsNotOnLoan() throws Exception {
        String ordinary = PoolScheduler.placementJson(json, new Admit(trial, "east", "m0", List.of(3)));

        assertThat(ordinary).doesNotContain("onLoan");
        assertThat(SnapshotReader.onLoan(json.readTree(ordinary))).isFalse();
        assertThat(SnapshotReader.onLoan(json.readTree("{\"pool\":\"east\",\"machine\":\"m0\",\"gpus\":[]}")))
                .isFalse();
    }
}
