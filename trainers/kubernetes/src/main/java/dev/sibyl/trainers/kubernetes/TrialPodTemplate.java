package dev.sibyl.trainers.kubernetes;

import dev.sibyl.trainers.core.TrialLaunch;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod of one trial: an init container that fetches the code into a shared emptyDir mounted at
 * {@link #TRIAL_DIRECTORY}, then the trial container running {@code bash -c <trialCommand>} in its copy of the code,
 * with the NNI_* environment of the local trainer, the pool's resources, node selector, tolerations and pull
 * secrets.
 */
final class TrialPodTemplate {
    /**
     * The code archive carries Sibyl's trial SDK under {@code .sibyl-sdk/}; it goes on PYTHONPATH only when the
     * image cannot {@code import nni} itself, so NNI trial code runs on any image with Python.
     */
    static final String SDK_WHEN_MISSING = "if [ -d .sibyl-sdk ] && ! python3 -c 'import nni' >/dev/null 2>&1; then"
            + " export PYTHONPATH=\"$PWD/.sibyl-sdk${PYTHONPATH:+:$PYTHONPATH}\"; fi\n";

    /** NNI_SYS_DIR and NNI_OUTPUT_DIR inside the pod: {@code parameter.cfg}, {@code code/}, {@code .nni/}. */
    static final String TRIAL_DIRECTORY = "/sibyl/trial";

    static final String CODE_FETCHER = "fetch-code";
    static final String GPU_RESOURCE = "nvidia.com/gpu";
    private static final String VOLUME = "sibyl-trial";
    private static final String FETCH_SCRIPT = readFetchScript();

    private final KubernetesPoolSettings pool;

    TrialPodTemplate(KubernetesPoolSettings pool) {
        this.pool = pool;
    }

    /**
     * @param labels labels of the pod (tenant, experiment, trial, replica)
     * @param codeUrl the signed URL of the code archive
     */
    PodTemplateSpec build(TrialLaunch launch, Map<String, String> labels, URI codeUrl) {
        List<EnvVar> trialEnvironment = trialEnvironment(launch);
        Container fetcher = new ContainerBuilder()
                .withName(CODE_FETCHER)
                .withImage(pool.codeFetcherImage())
                .withCommand("sh", "-c", FETCH_SCRIPT)
                .withEnv(
                        env("NNI_SYS_DIR", TRIAL_DIRECTORY),
                        env("SIBYL_CODE_URL", codeUrl.toString()),
                        env("SIBYL_PARAMETER_RECORD", launch.parameterRecord()))
                // The same CPU and memory as the trial: a pod's request is the larger of the two anyway, and
                // namespaces with a LimitRange or quota demand them on every container.
                .withResources(resources(null))
                .addNewVolumeMount()
                .withName(VOLUME)
                .withMountPath(TRIAL_DIRECTORY)
                .endVolumeMount()
                .build();
        Container trial = new ContainerBuilder()
                .withName(pool.kind().containerName())
                .withImage(pool.image())
                .withCommand("bash", "-c", SDK_WHEN_MISSING + launch.trialCommand())
                .withWorkingDir(TRIAL_DIRECTORY + "/code")
                .withEnv(trialEnvironment)
                .withResources(resources(launch.gpuNumber()))
                .addNewVolumeMount()
                .withName(VOLUME)
                .withMountPath(TRIAL_DIRECTORY)
                .endVolumeMount()
                .build();
        Map<String, String> nodeSelector = new LinkedHashMap<>(pool.nodeSelector());
        if (launch.placement() != null && !launch.placement().machine().isEmpty()) {
            nodeSelector.put("kubernetes.io/hostname", launch.placement().machine());
        }
        return new PodTemplateSpecBuilder()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withServiceAccountName(pool.serviceAccountName())
                .withAutomountServiceAccountToken(pool.serviceAccountName() != null)
                .withImagePullSecrets(pool.imagePullSecrets().stream()
                        .map(LocalObjectReference::new)
                        .toList())
                .withNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector)
                .withTolerations(tolerations())
                .withInitContainers(fetcher)
                .withContainers(trial)
                .addNewVolume()
                .withName(VOLUME)
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .endSpec()
                .build();
    }

    /** As the local trainer sets them, with the pod's paths. */
    private List<EnvVar> trialEnvironment(TrialLaunch launch) {
        Map<String, String> values = new LinkedHashMap<>(launch.environment());
        values.put("NNI_PLATFORM", pool.kind().platform());
        values.put("NNI_EXP_ID", launch.experimentId());
        values.put("NNI_TRIAL_JOB_ID", launch.trialId());
        values.put("NNI_SYS_DIR", TRIAL_DIRECTORY);
        values.put("NNI_OUTPUT_DIR", TRIAL_DIRECTORY);
        values.put("NNI_TRIAL_SEQ_ID", Long.toString(launch.sequenceId()));
        values.put("NNI_CODE_DIR", TRIAL_DIRECTORY + "/code");
        values.put("SIBYL_EXPERIMENT_ID", launch.experimentId());
        values.put("SIBYL_TRIAL_ID", launch.trialId());
        values.putIfAbsent("PYTHONUNBUFFERED", "1"); // so the pod log follows the trial as it runs
        if (launch.gpuNumber() != null && launch.gpuNumber() == 0) {
            // NNI's trialGpuNumber 0 hides every GPU; images built on CUDA bases often expose all of them otherwise.
            values.put("CUDA_VISIBLE_DEVICES", "");
        }
        List<EnvVar> env = new ArrayList<>();
        values.forEach((name, value) -> env.add(env(name, value)));
        return env;
    }

    private ResourceRequirements resources(Integer gpuNumber) {
        Map<String, Quantity> amounts = new LinkedHashMap<>();
        if (pool.cpu() != null) {
            amounts.put("cpu", new Quantity(pool.cpu()));
        }
        if (pool.memory() != null) {
            amounts.put("memory", new Quantity(pool.memory()));
        }
        Map<String, Quantity> limits = new LinkedHashMap<>(amounts);
        if (gpuNumber != null && gpuNumber > 0) {
            // Extended resources are requested through limits; the device plugin picks the GPUs.
            limits.put(GPU_RESOURCE, new Quantity(gpuNumber.toString()));
        }
        ResourceRequirements requirements = new ResourceRequirements();
        requirements.setRequests(amounts.isEmpty() ? null : amounts);
        requirements.setLimits(limits.isEmpty() ? null : limits);
        return requirements;
    }

    private List<Toleration> tolerations() {
        return pool.tolerations().stream()
                .map(t -> new TolerationBuilder()
                        .withKey(t.key())
                        .withOperator(t.operator())
                        .withValue(t.value())
                        .withEffect(t.effect())
                        .withTolerationSeconds(t.tolerationSeconds())
                        .build())
                .toList();
    }

    private static EnvVar env(String name, String value) {
        return new EnvVar(name, value, null);
    }

    private static String readFetchScript() {
        try (InputStream in = TrialPodTemplate.class.getResourceAsStream("fetch-code.sh")) {
            if (in == null) {
                throw new IllegalStateException("fetch-code.sh is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
