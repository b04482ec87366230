package dev.sibyl.scheduler.fairshare;

/** A mutable running total of resources, for the bookkeeping inside one pass. */
final class Usage {
    long gpus;
    long cpuMillis;
    long memoryMb;
    long slots;

    /** A usage starting at {@code amount}; zero when it is null. */
    static Usage of(RunningTrials.Amount amount) {
        Usage u = new Usage();
        if (amount != null) {
            u.gpus = amount.gpus();
            u.cpuMillis = amount.cpuMillis();
            u.memoryMb = amount.memoryMb();
            u.slots = amount.slots();
        }
        return u;
    }

    void add(Resources r) {
        gpus += r.gpus();
        cpuMillis += r.cpuMillis();
        memoryMb += r.memoryMb();
        slots += r.slots();
    }

    void subtract(Resources r) {
        gpus -= r.gpus();
        cpuMillis -= r.cpuMillis();
        memoryMb -= r.memoryMb();
        slots -= r.slots();
    }

    /** True when this usage plus {@code extra} stays within {@code limit} in every dimension. */
    boolean roomFor(Resources extra, Resources limit) {
        return gpus + extra.gpus() <= limit.gpus()
                && cpuMillis + extra.cpuMillis() <= limit.cpuMillis()
                && memoryMb + extra.memoryMb() <= limit.memoryMb()
                && slots + extra.slots() <= limit.slots();
    }

    /** True when {@code amount} can be taken away and this usage stays at or above {@code floor}. */
    boolean canGive(Resources amount, Resources floor) {
        return gpus - amount.gpus() >= floor.gpus()
                && cpuMillis - amount.cpuMillis() >= floor.cpuMillis()
                && memoryMb - amount.memoryMb() >= floor.memoryMb()
                && slots - amount.slots() >= floor.slots();
    }
}
