package dev.sibyl.trainers.kubernetes;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** One {@link FakeCluster} per test class: {@code @RegisterExtension static final FakeClusterExtension CLUSTER}. */
final class FakeClusterExtension implements BeforeAllCallback, AfterAllCallback {
    private FakeCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = new FakeCluster();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        cluster.close();
    }

    FakeCluster get() {
        return cluster;
    }
}
