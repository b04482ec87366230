package dev.sibyl.trainers.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessTableTest {
    @Test
    void parsesStatLinesWhoseCommandNameContainsSpacesAndParentheses() {
        String line = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 987654 0 0\n";

        assertThat(ProcessTable.parse(4242, line)).isEqualTo(new ProcessTable.Stat(4242, 'S', 4242, 4242, 987654));
    }

    @Test
    void recognisesThisJvmAndRejectsAWrongStartTime() {
        long pid = ProcessHandle.current().pid();
        ProcessTable.Stat self = ProcessTable.stat(pid).orElseThrow();

        assertThat(ProcessTable.isAlive(pid, self.startTicks())).isTrue();
        assertThat(ProcessTable.isAlive(pid, self.startTicks() + 1)).isFalse();
        assertThat(ProcessTable.isAlive(Integer.MAX_VALUE, null)).isFalse();
    }

    @Test
    void neverSignalsInitOrItsOwnProcessGroup() {
        long ownGroup =
                ProcessTable.stat(ProcessHandle.current().pid()).orElseThrow().processGroup();

        assertThatThrownBy(() -> ProcessTable.signalGroup(1, "TERM")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessTable.signalGroup(ownGroup, "TERM"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
