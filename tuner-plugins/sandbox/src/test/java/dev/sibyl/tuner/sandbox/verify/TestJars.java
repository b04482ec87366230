package dev.sibyl.tuner.sandbox.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/** Plugin JARs built by the tests themselves: Java sources compiled in memory, or raw entries. */
public final class TestJars {
    private TestJars() {}

    /** Compiles {@code sources} (class name → source) against the test classpath (which holds the SPI). */
    public static Map<String, byte[]> compile(Map<String, String> sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Map<String, ByteArrayOutputStream> out = new LinkedHashMap<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(null, null, null);
        JavaFileManager memory = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(
                    Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                        out.put(className.replace('.', '/') + ".class", bytes);
                        return bytes;
                    }
                };
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, code) -> units.add(
                new SimpleJavaFileObject(
                        URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return code;
                    }
                }));
        List<String> options = List.of(
                "-classpath",
                System.getProperty("java.class.path"),
                "--release",
                "17",
                "-proc:none",
                "-nowarn",
                "-XDsuppressNotes");
        StringBuilder diagnostics = new StringBuilder();
        boolean ok = javac.getTask(
                        new java.io.StringWriter(),
                        memory,
                        d -> diagnostics.append(d).append('\n'),
                        options,
                        null,
                        units)
                .call();
        if (!ok) {
            throw new IllegalStateException("test plugin did not compile:\n" + diagnostics);
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        out.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
        return classes;
    }

    /** A plugin class {@code com.acme.Plugin} whose static method {@code run()} has {@code body}. */
    static Map<String, byte[]> plugin(String imports, String members) {
        return compile(Map.of(
                "com.acme.Plugin", "package com.acme;\n" + imports + "\npublic class Plugin {\n" + members + "\n}\n"));
    }

    public static Path jar(Path dir, String name, Map<String, byte[]> entries) throws IOException {
        Path jar = dir.resolve(name + ".jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return jar;
    }

    /** An empty public class with the given internal name, written directly (javac refuses java.* packages). */
    static byte[] emptyClass(String internalName) {
        ClassWriter w = new ClassWriter(0);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, internalName, null, "java/lang/Object", null);
        w.visitEnd();
        return w.toByteArray();
    }
}
