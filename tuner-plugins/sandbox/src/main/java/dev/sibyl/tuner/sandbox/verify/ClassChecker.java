package dev.sibyl.tuner.sandbox.verify;

import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Walks one class file and reports every reference outside what a plugin may use: its own classes, the SPI
 * ({@code dev.sibyl.tuner.spi}) and {@link JdkAllowList}. Also refuses native methods, serialization hooks and
 * invokedynamic with any bootstrap but javac's own.
 */
final class ClassChecker extends ClassVisitor {
    static final String SPI_PACKAGE = "dev/sibyl/tuner/spi/";
    private static final Set<String> SERIALIZATION_HOOKS = Set.of(
            "readObject",
            "writeObject",
            "readResolve",
            "writeReplace",
            "readObjectNoData",
            "readExternal",
            "writeExternal");

    private final String entry;
    private final Set<String> ownClasses;
    private final List<Finding> findings;
    private String className;

    ClassChecker(String entry, Set<String> ownClasses, List<Finding> findings) {
        super(Opcodes.ASM9);
        this.entry = entry;
        this.ownClasses = ownClasses;
        this.findings = findings;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        className = name.replace('/', '.');
        if (superName != null && !allowedType(superName)) {
            add(Finding.Kind.FORBIDDEN_SUPERTYPE, null, dotted(superName), "extends a type plugins may not use");
        }
        if (interfaces != null) {
            for (String i : interfaces) {
                if (!allowedType(i)) {
                    add(Finding.Kind.FORBIDDEN_SUPERTYPE, null, dotted(i), "implements a type plugins may not use");
                }
            }
        }
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
        checkDescriptorTypes(Type.getType(descriptor), "field " + name, null);
        return null;
    }

    @Override
    public MethodVisitor visitMethod(
            int access, String name, String descriptor, String signature, String[] exceptions) {
        String method = name + descriptor;
        if ((access & Opcodes.ACC_NATIVE) != 0) {
            add(Finding.Kind.NATIVE_METHOD, method, null, "native methods are not allowed");
        }
        if (SERIALIZATION_HOOKS.contains(name)) {
            add(Finding.Kind.SERIALIZATION_HOOK, method, null, "serialization hooks are not allowed");
        }
        Type type = Type.getMethodType(descriptor);
        checkDescriptorTypes(type.getReturnType(), method, method);
        for (Type argument : type.getArgumentTypes()) {
            checkDescriptorTypes(argument, method, method);
        }
        if (exceptions != null) {
            for (String e : exceptions) {
                checkType(e, method);
            }
        }
        return new MethodVisitor(Opcodes.ASM9) {
            @Override
            public void visitTypeInsn(int opcode, String type) {
                checkDescriptorTypes(Type.getObjectType(type), method, method);
            }

            @Override
            public void visitFieldInsn(int opcode, String owner, String fieldName, String fieldDescriptor) {
                checkMember(owner, fieldName, fieldName, method);
                checkDescriptorTypes(Type.getType(fieldDescriptor), method, method);
            }

            @Override
            public void visitMethodInsn(
                    int opcode, String owner, String methodName, String methodDescriptor, boolean isInterface) {
                checkMember(owner, methodName, methodName + methodDescriptor, method);
            }

            @Override
            public void visitInvokeDynamicInsn(
                    String indyName, String indyDescriptor, Handle bootstrap, Object... arguments) {
                if (!JdkAllowList.BOOTSTRAP_OWNERS.contains(bootstrap.getOwner())) {
                    add(
                            Finding.Kind.FORBIDDEN_INVOKEDYNAMIC,
                            method,
                            dotted(bootstrap.getOwner()) + "." + bootstrap.getName(),
                            "invokedynamic may only use the JDK's lambda, string-concatenation and record bootstraps");
                }
                for (Object argument : arguments) {
                    checkConstant(argument, method);
                }
            }

            @Override
            public void visitLdcInsn(Object value) {
                checkConstant(value, method);
            }

            @Override
            public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
                checkDescriptorTypes(Type.getType(descriptor), method, method);
            }

            @Override
            public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                if (type != null) {
                    checkType(type, method);
                }
            }
        };
    }

    private void checkConstant(Object value, String method) {
        if (value instanceof Type t) {
            if (t.getSort() == Type.METHOD) {
                for (Type argument : t.getArgumentTypes()) {
                    checkDescriptorTypes(argument, method, method);
                }
                checkDescriptorTypes(t.getReturnType(), method, method);
            } else {
                checkDescriptorTypes(t, method, method);
            }
        } else if (value instanceof Handle h) {
            checkMember(h.getOwner(), h.getName(), h.getName() + h.getDesc(), method);
        }
    }

    private void checkMember(String owner, String name, String shown, String method) {
        String element = elementType(owner);
        if (element == null || ownClasses.contains(element) || element.startsWith(SPI_PACKAGE)) {
            return;
        }
        if (!JdkAllowList.allowsType(element)) {
            add(
                    Finding.Kind.FORBIDDEN_REFERENCE,
                    method,
                    dotted(element) + "." + shown,
                    "plugins may not use " + dotted(element));
        } else if (!JdkAllowList.allowsMember(element, name)) {
            add(
                    Finding.Kind.FORBIDDEN_REFERENCE,
                    method,
                    dotted(element) + "." + shown,
                    "plugins may not use this member");
        }
    }

    private void checkDescriptorTypes(Type type, String where, String method) {
        Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
        if (element.getSort() == Type.OBJECT) {
            checkType(element.getInternalName(), method == null ? where : method);
        }
    }

    private void checkType(String internalName, String method) {
        String element = elementType(internalName);
        if (element != null && !allowedType(element)) {
            add(Finding.Kind.FORBIDDEN_REFERENCE, method, dotted(element), "plugins may not use " + dotted(element));
        }
    }

    private boolean allowedType(String internalName) {
        return ownClasses.contains(internalName)
                || internalName.startsWith(SPI_PACKAGE)
                || JdkAllowList.allowsType(internalName);
    }

    /** The class an owner or type names (arrays to their element), or null for primitives. */
    private static String elementType(String internalNameOrDescriptor) {
        if (!internalNameOrDescriptor.startsWith("[")) {
            return internalNameOrDescriptor;
        }
        Type element = Type.getType(internalNameOrDescriptor).getElementType();
        return element.getSort() == Type.OBJECT ? element.getInternalName() : null;
    }

    private void add(Finding.Kind kind, String method, String member, String message) {
        Finding f = new Finding(kind, entry, className, method, member, message);
        if (!findings.contains(f)) {
            findings.add(f);
        }
    }

    private static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }
}
