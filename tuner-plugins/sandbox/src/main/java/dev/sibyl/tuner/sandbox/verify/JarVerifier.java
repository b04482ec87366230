package dev.sibyl.tuner.sandbox.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.objectweb.asm.ClassReader;

/**
 * Decides whether a tenant's plugin JAR may be loaded, before any of its code runs (docs/plugin-authoring.md):
 * <ol>
 *   <li>archive sanity, reading the entries as they really inflate (not as their headers claim): entry count,
 *       sizes, compression ratio, no nested archives, no duplicate or escaping names, class files only where
 *       their package says and never in {@code java.*}, {@code javax.*}, {@code jdk.*}, {@code sun.*} or Sibyl's
 *       packages;
 *   <li>every class file parsed with ASM (a malformed one is refused) and every reference checked against the
 *       plugin's own classes, the SPI and the JDK allow-list ({@link ClassChecker}).
 * </ol>
 * The report lists every finding, so an author fixes them all in one round.
 */
public final class JarVerifier {
    private static final Set<String> RESERVED_PACKAGES =
            Set.of("java/", "javax/", "jdk/", "sun/", "com/sun/", "dev/sibyl/", "org/objectweb/asm/");

    private final JarLimits limits;

    public JarVerifier(JarLimits limits) {
        this.limits = limits;
    }

    public VerificationReport verify(Path jar) throws IOException {
        long archiveBytes = Files.size(jar);
        List<Finding> findings = new ArrayList<>();
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (InputStream file = Files.newInputStream(jar);
                ZipInputStream zip = new ZipInputStream(file)) {
            readEntries(zip, archiveBytes, findings, classes);
        } catch (IOException | IllegalArgumentException e) {
            findings.add(archive(null, "the file is not a readable JAR: " + e.getMessage()));
        }
        if (classes.isEmpty() && findings.isEmpty()) {
            findings.add(archive(null, "the JAR holds no class files"));
        }
        Set<String> own = new HashSet<>();
        for (String entry : classes.keySet()) {
            own.add(entry.substring(0, entry.length() - ".class".length()));
        }
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            checkClass(c.getKey(), c.getValue(), own, findings);
        }
        return new VerificationReport(sha256(jar), classes.size(), findings);
    }

    private void readEntries(ZipInputStream zip, long archiveBytes, List<Finding> findings, Map<String, byte[]> classes)
            throws IOException {
        Set<String> names = new HashSet<>();
        long total = 0;
        int count = 0;
        ZipEntry entry;
        while ((entry = zip.getNextEntry()) != null) {
            count++;
            if (count > limits.maxEntries()) {
                findings.add(archive(null, "more than " + limits.maxEntries() + " entries"));
                return;
            }
            String name = entry.getName();
            if (!names.add(name)) {
                findings.add(archive(name, "duplicate entry"));
            }
            if (name.startsWith("/")
                    || name.contains("\\")
                    || name.contains("\0")
                    || List.of(name.split("/")).contains("..")) {
                findings.add(archive(name, "entry name escapes the archive"));
                continue;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".jar") || lower.endsWith(".zip") || lower.endsWith(".war") || lower.endsWith(".jmod")) {
                findings.add(archive(name, "nested archives are not allowed"));
            }
            if (entry.isDirectory()) {
                continue;
            }
            byte[] bytes = readCapped(zip, name, findings);
            if (bytes == null) {
                return;
            }
            total += bytes.length;
            if (total > limits.maxTotalBytes()) {
                findings.add(archive(null, "inflates to more than " + limits.maxTotalBytes() + " bytes"));
                return;
            }
            if (total > (long) limits.maxCompressionRatio() * Math.max(archiveBytes, 1)) {
                findings.add(
                        archive(name, "compression ratio above " + limits.maxCompressionRatio() + ":1 (a zip bomb?)"));
                return;
            }
            if (name.endsWith(".class")) {
                if (name.startsWith("META-INF/") || name.equals("module-info.class")) {
                    findings.add(archive(
                            name, "class files under META-INF (multi-release) or module-info are not" + " allowed"));
                } else if (RESERVED_PACKAGES.stream().anyMatch(name::startsWith)) {
                    findings.add(new Finding(
                            Finding.Kind.FORBIDDEN_PACKAGE,
                            name,
                            name.substring(0, name.length() - 6).replace('/', '.'),
                            null,
                            null,
                            "plugin classes may not live in a JDK or Sibyl package"));
                } else {
                    classes.put(name, bytes);
                }
            }
        }
    }

    private byte[] readCapped(ZipInputStream zip, String name, List<Finding> findings) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long read = 0;
        int n;
        while ((n = zip.read(buffer)) > 0) {
            read += n;
            if (read > limits.maxEntryBytes()) {
                findings.add(archive(name, "inflates to more than " + limits.maxEntryBytes() + " bytes"));
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static void checkClass(String entry, byte[] bytes, Set<String> own, List<Finding> findings) {
        String expected = entry.substring(0, entry.length() - ".class".length());
        ClassReader reader;
        try {
            reader = new ClassReader(bytes);
            if (!reader.getClassName().equals(expected)) {
                findings.add(new Finding(
                        Finding.Kind.MALFORMED_CLASS,
                        entry,
                        reader.getClassName().replace('/', '.'),
                        null,
                        null,
                        "the class is named differently from its entry"));
                return;
            }
            reader.accept(new ClassChecker(entry, own, findings), ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        } catch (RuntimeException e) {
            findings.add(new Finding(
                    Finding.Kind.MALFORMED_CLASS,
                    entry,
                    expected.replace('/', '.'),
                    null,
                    null,
                    "not a valid class file (" + e.getClass().getSimpleName() + ")"));
        }
    }

    private static Finding archive(String entry, String message) {
        return new Finding(Finding.Kind.ARCHIVE, entry, null, null, null, message);
    }

    private static String sha256(Path jar) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(jar), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
