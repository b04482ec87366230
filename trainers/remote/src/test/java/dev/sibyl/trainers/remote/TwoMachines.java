package dev.sibyl.trainers.remote;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of tests that need a fresh {@link RemoteRig} (two SSH machines) per test. */
abstract class TwoMachines {
    @TempDir
    Path temp;

    RemoteRig rig;

    @BeforeEach
    void startMachines() throws IOException {
        rig = new RemoteRig(temp);
    }

    @AfterEach
    void stopMachines() throws IOException {
        rig.close();
    }
}
