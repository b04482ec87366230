package dev.sibyl.server.testing;

import dev.sibyl.tuner.sandbox.sample.SamplePlugin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Plugin JARs for the tests: the sample plugin, or one class {@code com/acme/P} whose {@code run()} calls one
 * static method (for the verifier's refusals).
 */
public final class TestPluginJars {
    private TestPluginJars() {}

    /** A JAR whose code calls {@code owner.name()J} (e.g. System.nanoTime: acceptable) or {@code (I)V}. */
    public static byte[] calling(String owner, String name, String descriptor) {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "com/acme/P", null, "java/lang/Object", null);
        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "()V", null, null);
        m.visitCode();
        if (descriptor.startsWith("(I)")) {
            m.visitInsn(Opcodes.ICONST_1);
        }
        m.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, descriptor, false);
        if (descriptor.endsWith(")J")) {
            m.visitInsn(Opcodes.POP2);
        }
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("com/acme/P.class"));
            zip.write(w.toByteArray());
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The sample plugin of docs/examples/sample-tuner (tuner SampleLocalSearch), compiled by the tests. */
    public static byte[] acceptable() {
        try {
            return Files.readAllBytes(SamplePlugin.jar());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
