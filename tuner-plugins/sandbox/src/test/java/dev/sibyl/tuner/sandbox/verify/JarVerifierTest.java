package dev.sibyl.tuner.sandbox.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile corpus: JARs built here, each refused with a finding that names the class, method and member
 * at fault; and a real plugin using lambdas, records, streams and the SPI, which passes.
 */
class JarVerifierTest {
    @TempDir
    Path dir;

    private final JarVerifier verifier = new JarVerifier(JarLimits.DEFAULT);

    private VerificationReport verify(String name, Map<String, byte[]> entries) throws IOException {
        return verifier.verify(TestJars.jar(dir, name, entries));
    }

    static Stream<Arguments> hostileCode() {
        return Stream.of(
                Arguments.of("exit", "", "static void run() { System.exit(1); }", "java.lang.System.exit(I)V"),
                Arguments.of(
                        "runtime exec",
                        "",
                        "static void run() throws Exception { Runtime.getRuntime().exec(\"sh\"); }",
                        "java.lang.Runtime.getRuntime()Ljava/lang/Runtime;"),
                Arguments.of(
                        "process builder",
                        "",
                        "static void run() throws Exception { new ProcessBuilder(\"sh\").start(); }",
                        "java.lang.ProcessBuilder"),
                Arguments.of(
                        "read /etc/passwd",
                        "import java.nio.file.*;",
                        "static Object run() throws Exception { return Files.readAllLines(Path.of(\"/etc/passwd\")); }",
                        "java.nio.file.Files"),
                Arguments.of(
                        "write a file",
                        "import java.io.*;",
                        "static void run() throws Exception { new FileOutputStream(\"/tmp/x\").write(1); }",
                        "java.io.FileOutputStream"),
                Arguments.of(
                        "socket",
                        "import java.net.*;",
                        "static void run() throws Exception { new Socket(\"example.com\", 80).close(); }",
                        "java.net.Socket"),
                Arguments.of(
                        "setAccessible on a JDK private field",
                        "",
                        "static void run() throws Exception { String.class.getDeclaredField(\"value\").setAccessible(true); }",
                        "java.lang.Class.getDeclaredField(Ljava/lang/String;)Ljava/lang/reflect/Field;"),
                Arguments.of(
                        "Unsafe",
                        "",
                        "static Object run() throws Exception { return Class.forName(\"sun.misc.Unsafe\"); }",
                        "java.lang.Class.forName(Ljava/lang/String;)Ljava/lang/Class;"),
                Arguments.of(
                        "privateLookupIn",
                        "import java.lang.invoke.*;",
                        "static Object run() throws Exception { return MethodHandles.privateLookupIn(String.class, MethodHandles.lookup()); }",
                        "java.lang.invoke.MethodHandles"),
                Arguments.of(
                        "define classes",
                        "",
                        "static Object run() { return new ClassLoader() {}; }",
                        "java.lang.ClassLoader"),
                Arguments.of(
                        "load a native library",
                        "",
                        "static void run() { System.loadLibrary(\"evil\"); }",
                        "java.lang.System.loadLibrary(Ljava/lang/String;)V"),
                Arguments.of(
                        "spawn threads",
                        "",
                        "static void run() { while (true) { new Thread(() -> {}).start(); } }",
                        "java.lang.Thread"),
                Arguments.of(
                        "huge stdout output",
                        "",
                        "static void run() { while (true) { System.out.println(\"x\".repeat(1 << 20)); } }",
                        "java.lang.System.out"),
                Arguments.of(
                        "static initialiser payload",
                        "",
                        "static { Runtime.getRuntime().halt(0); }",
                        "java.lang.Runtime"),
                Arguments.of(
                        "environment secrets",
                        "",
                        "static Object run() { return System.getenv(); }",
                        "java.lang.System.getenv()Ljava/util/Map;"),
                Arguments.of(
                        "executor threads",
                        "import java.util.concurrent.*;",
                        "static void run() { Executors.newFixedThreadPool(4); }",
                        "java.util.concurrent.Executors"),
                Arguments.of(
                        "reflection through a method handle",
                        "import java.lang.reflect.*;",
                        "static Object run(Method m) throws Exception { return m.invoke(null); }",
                        "java.lang.reflect.Method"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileCode")
    void hostileCodeIsRefusedNamingClassMethodAndMember(String name, String imports, String code, String member)
            throws IOException {
        VerificationReport report = verify(name.replaceAll("[^A-Za-z0-9]", "-"), TestJars.plugin(imports, code));

        assertThat(report.acceptable()).isFalse();
        assertThat(report.findings()).as(report.findings().toString()).anySatisfy(f -> {
            assertThat(f.className()).startsWith("com.acme.Plugin"); // or one of its anonymous classes
            assertThat(f.member()).startsWith(member);
        });
    }

    @Test
    void aRealPluginWithLambdasRecordsAndStreamsPasses() throws IOException {
        Map<String, byte[]> classes = TestJars.compile(Map.of("com.acme.GoldenTuner", """
                package com.acme;
                import dev.sibyl.tuner.spi.*;
                import dev.sibyl.tuner.spi.space.SearchSpace;
                import java.util.*;
                import java.util.stream.*;
                public final class GoldenTuner implements TunerFactory {
                    record Scored(Map<String, Object> parameters, double score) {}
                    public String name() { return "Golden"; }
                    public List<Violation> validate(Settings classArgs, SearchSpace space) { return List.of(); }
                    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
                        return (history, count) -> {
                            SplittableRandom rng = new SplittableRandom(seed + history.observations().size());
                            return IntStream.range(0, count)
                                    .mapToObj(i -> space.sample(rng))
                                    .map(p -> new Scored(p, 0.0))
                                    .sorted(Comparator.comparingDouble(Scored::score))
                                    .map(Scored::parameters)
                                    .collect(Collectors.toList());
                        };
                    }
                    @Override public String toString() { return "Golden(" + name() + ")"; }
                }
                """));
        Map<String, byte[]> entries = new LinkedHashMap<>(classes);
        entries.put("META-INF/services/dev.sibyl.tuner.spi.TunerFactory", "com.acme.GoldenTuner\n".getBytes());

        VerificationReport report = verify("golden", entries);

        assertThat(report.findings()).isEmpty();
        assertThat(report.acceptable()).isTrue();
        assertThat(report.classCount()).isEqualTo(classes.size());
        assertThat(report.sha256()).hasSize(64);
    }

    @Test
    void classesPretendingToBeJdkOrSpiClassesAreRefused() throws IOException {
        VerificationReport lang = verify("lang", Map.of("java/lang/Evil.class", TestJars.emptyClass("java/lang/Evil")));
        VerificationReport spi = verify(
                "spi", Map.of("dev/sibyl/tuner/spi/Tuner.class", TestJars.emptyClass("dev/sibyl/tuner/spi/Tuner")));
        assertThat(lang.findings()).extracting(Finding::kind).contains(Finding.Kind.FORBIDDEN_PACKAGE);
        assertThat(spi.findings()).extracting(Finding::kind).contains(Finding.Kind.FORBIDDEN_PACKAGE);
        VerificationReport misplaced =
                verify("misplaced", Map.of("com/acme/Other.class", TestJars.emptyClass("java/lang/String")));
        assertThat(misplaced.findings()).extracting(Finding::kind).contains(Finding.Kind.MALFORMED_CLASS);
    }

    @Test
    void aMalformedClassFileIsRefusedNotThrown() throws IOException {
        byte[] garbage = new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0x7f, 0x7f};
        VerificationReport report = verify("malformed", Map.of("com/acme/Broken.class", garbage));
        assertThat(report.findings()).extracting(Finding::kind).containsExactly(Finding.Kind.MALFORMED_CLASS);
    }

    @Test
    void aZipBombIsRefusedByWhatItReallyInflatesTo() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(TestJars.plugin("", "static int run() { return 1; }"));
        entries.put("data/zeros.bin", new byte[12 << 20]); // about 12 KB compressed
        VerificationReport report = verify("bomb", entries);
        assertThat(report.findings()).anySatisfy(f -> assertThat(f.message()).contains("compression ratio"));

        entries.put("data/zeros.bin", new byte[40 << 20]);
        assertThat(verify("big", entries).findings())
                .anySatisfy(f -> assertThat(f.message()).contains("inflates to more than"));
    }

    @Test
    void aHundredThousandEntriesAreRefusedWithoutReadingThemAll() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 100_000; i++) {
            entries.put("r/" + i, new byte[0]);
        }
        VerificationReport report = verify("many", entries);
        assertThat(report.findings()).anySatisfy(f -> assertThat(f.message()).contains("more than 10000 entries"));
    }

    @Test
    void nestedArchivesEscapingNamesNativeMethodsSerializationHooksAndThreadSubclassesAreRefused() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(TestJars.compile(Map.of(
                "com.acme.Sneaky",
                """
                package com.acme;
                public class Sneaky implements java.io.Serializable {
                    native void poke();
                    private void readObject(java.io.ObjectInputStream in) {}
                }
                """,
                "com.acme.Worker",
                "package com.acme;\npublic class Worker extends Thread {}\n")));
        entries.put("lib/inner.jar", new byte[] {1, 2, 3});
        entries.put("../escape.txt", new byte[] {1});
        List<Finding> findings = verify("sneaky", entries).findings();
        assertThat(findings)
                .extracting(Finding::kind)
                .contains(
                        Finding.Kind.ARCHIVE,
                        Finding.Kind.NATIVE_METHOD,
                        Finding.Kind.SERIALIZATION_HOOK,
                        Finding.Kind.FORBIDDEN_SUPERTYPE);
        assertThat(findings).anySatisfy(f -> assertThat(f.message()).contains("nested archives"));
        assertThat(findings).anySatisfy(f -> assertThat(f.message()).contains("escapes"));
        assertThat(findings).anySatisfy(f -> assertThat(f.toString()).contains("com.acme.Sneaky.poke()V"));
    }

    @Test
    void aFileThatIsNotAZipIsRefusedWithAReport() throws IOException {
        Path notZip = dir.resolve("text.jar");
        java.nio.file.Files.writeString(notZip, "hello, not a jar");
        VerificationReport report = verifier.verify(notZip);
        assertThat(report.acceptable()).isFalse();
    }
}
