package dev.sibyl.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Plugin JARs written by the tests: one class {@code com/acme/P} whose {@code run()} calls one static method. */
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

    public static byte[] acceptable() {
        return calling("java/lang/System", "nanoTime", "()J");
    }
}
