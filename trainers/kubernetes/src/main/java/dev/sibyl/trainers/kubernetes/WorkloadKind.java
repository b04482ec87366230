package dev.sibyl.trainers.kubernetes;

/**
 * What one trial becomes in the cluster: a {@code batch/v1} Job, or (NNI's kubeflow mode) a Kubeflow training
 * operator job. The operator names are NNI's {@code kubeflowConfig.operator} values.
 */
public enum WorkloadKind {
    JOB(null, "trial", "kubernetes"),
    PYTORCH_JOB("pytorch-operator", "pytorch", "kubeflow"),
    TF_JOB("tf-operator", "tensorflow", "kubeflow");

    private final String operator;
    private final String containerName;
    private final String platform;

    WorkloadKind(String operator, String containerName, String platform) {
        this.operator = operator;
        this.containerName = containerName;
        this.platform = platform;
    }

    /** NNI's operator name, or null for a plain Job. */
    public String operator() {
        return operator;
    }

    /** The trial container's name; the Kubeflow operators only drive containers named {@code pytorch}/{@code tensorflow}. */
    String containerName() {
        return containerName;
    }

    /** Exported to trials as {@code NNI_PLATFORM}. */
    String platform() {
        return platform;
    }
}
