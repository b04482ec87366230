package dev.sibyl.cli.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.cli.testing.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class PluginVerifyCommandTest {
    @TempDir
    Path temp;

    /** A class {@code com/acme/P} whose static method calls {@code owner.name(desc)}. */
    private Path jarCalling(String owner, String name, String descriptor) throws IOException {
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
        Path jar = temp.resolve(name + ".jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("com/acme/P.class"));
            zip.write(w.toByteArray());
            zip.closeEntry();
        }
        return jar;
    }

    @Test
    void anAcceptableJarExitsZeroWithoutAnyServer() throws IOException {
        Path jar = jarCalling("java/lang/System", "nanoTime", "()J");
        CliRunner.Result r =
                new CliRunner(temp).env("SIBYL_URL", "http://127.0.0.1:9").run("plugin", "verify", jar.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("OK: ").contains("1 classes");
    }

    @Test
    void aHostileJarExitsNonZeroListingClassMethodAndMember() throws IOException {
        Path jar = jarCalling("java/lang/System", "exit", "(I)V");
        CliRunner.Result r = new CliRunner(temp).run("plugin", "verify", jar.toString());
        assertThat(r.exitCode()).isEqualTo(VerifyCommand.REFUSED);
        assertThat(r.err()).contains("REFUSED").contains("com.acme.P.run()V -> java.lang.System.exit(I)V");
    }

    @Test
    void aMissingFileIsAClearErrorNotAStackTrace() {
        CliRunner.Result r = new CliRunner(temp)
                .run("plugin", "verify", temp.resolve("nope.jar").toString());
        assertThat(r.exitCode()).isEqualTo(VerifyCommand.UNREADABLE);
        assertThat(r.err()).contains("is not a file").doesNotContain("\tat ");
    }
}
