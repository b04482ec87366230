package dev.sibyl.tuner.sandbox.verify;

import java.util.Set;

/**
 * Which JDK types and members a plugin may refer to: pure data-structure, math, time and text packages, and
 * {@code java.lang} without what reaches outside the process (Runtime, processes, threads, class loading,
 * reflection, System's properties, environment, exit and standard streams). Everything not allowed here is
 * refused, so a JDK addition is refused until someone decides it is safe.
 */
final class JdkAllowList {
    private static final Set<String> PACKAGES = Set.of(
            "java/lang",
            "java/lang/annotation",
            "java/util",
            "java/util/function",
            "java/util/stream",
            "java/util/regex",
            "java/util/random",
            "java/util/concurrent/atomic",
            "java/math",
            "java/time",
            "java/time/temporal",
            "java/time/format",
            "java/time/chrono",
            "java/text");

    /** Whole types refused inside allowed packages (prefix match on the internal name, so nested types too). */
    private static final Set<String> DENIED_TYPES = Set.of(
            "java/lang/Runtime",
            "java/lang/ProcessBuilder",
            "java/lang/Process",
            "java/lang/ProcessHandle",
            "java/lang/Thread",
            "java/lang/ThreadGroup",
            "java/lang/VirtualThread",
            "java/lang/ClassLoader",
            "java/lang/SecurityManager",
            "java/lang/Module",
            "java/lang/ModuleLayer",
            "java/lang/StackWalker",
            "java/lang/ScopedValue",
            "java/util/ServiceLoader",
            "java/util/Timer",
            "java/util/TimerTask",
            "java/util/Scanner",
            "java/util/ResourceBundle");

    /** The only members of {@code java.lang.System} a plugin may use. */
    private static final Set<String> SYSTEM_MEMBERS =
            Set.of("arraycopy", "nanoTime", "currentTimeMillis", "identityHashCode", "lineSeparator");

    /** Members of {@code java.lang.Class} that only describe or cast, never reach other classes or loaders. */
    private static final Set<String> CLASS_MEMBERS = Set.of(
            "getName",
            "getSimpleName",
            "getTypeName",
            "getCanonicalName",
            "isInstance",
            "cast",
            "isArray",
            "isPrimitive",
            "isEnum",
            "isRecord",
            "isInterface",
            "getComponentType",
            "desiredAssertionStatus",
            "hashCode",
            "equals",
            "toString",
            "getEnumConstants",
            "isAssignableFrom");

    /** Bootstrap methods javac emits for lambdas, string concatenation and records. */
    static final Set<String> BOOTSTRAP_OWNERS = Set.of(
            "java/lang/invoke/LambdaMetafactory",
            "java/lang/invoke/StringConcatFactory",
            "java/lang/runtime/ObjectMethods");

    private JdkAllowList() {}

    /** Whether a JDK type may be referred to at all. */
    static boolean allowsType(String internalName) {
        int slash = internalName.lastIndexOf('/');
        String pkg = slash < 0 ? "" : internalName.substring(0, slash);
        if (!PACKAGES.contains(pkg)) {
            return false;
        }
        for (String denied : DENIED_TYPES) {
            if (internalName.equals(denied) || internalName.startsWith(denied + "$")) {
                return false;
            }
        }
        return true;
    }

    /** Whether a member of an allowed JDK type may be used. */
    static boolean allowsMember(String owner, String name) {
        if (owner.equals("java/lang/System")) {
            return SYSTEM_MEMBERS.contains(name);
        }
        if (owner.equals("java/lang/Class")) {
            return CLASS_MEMBERS.contains(name);
        }
        return true;
    }
}
