package dev.sibyl.scheduler.fairshare;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Supplier;

/**
 * The trials a pass leaves waiting, made into {@link Wait}s only when read: a pass may leave a
 * hundred thousand trials waiting, most of them settled a whole class at a time. Immutable once
 * built; positions are list indices plus one.
 */
final class WaitList extends AbstractList<Wait> implements RandomAccess {
    /** A run of consecutive waits. */
    interface Segment {
        int size();

        Wait at(int offset, int position);
    }

    /** One trial and its own reason. */
    record One(WaitingTrial trial, WaitReason why) implements Segment {
        @Override
        public int size() {
            return 1;
        }

        @Override
        public Wait at(int offset, int position) {
            return new Wait(trial, why, position);
        }
    }

    /**
     * A trial whose admission a later settling pass cancelled ({@link Decisions#followedBy}): it is in no later
     * pass's queue, so every later merge carries it over.
     */
    record Cancelled(WaitingTrial trial, WaitReason why) implements Segment {
        @Override
        public int size() {
            return 1;
        }

        @Override
        public Wait at(int offset, int position) {
            return new Wait(trial, why, position);
        }
    }

    /** The members of a class from {@code from} on, less the {@code skipped} indices, for one reason. */
    record ClassRange(TrialClass members, int from, int[] skipped, WaitReason why) implements Segment {
        @Override
        public int size() {
            return members.size() - from - skipped.length;
        }

        @Override
        public Wait at(int offset, int position) {
            int index = from + offset;
            for (int s : skipped) {
                if (s <= index) {
                    index++;
                }
            }
            return new Wait(members.get(index), why, position);
        }
    }

    /** Segments worked out on first read; {@code size} must be known up front. */
    static final class Deferred implements Segment {
        private final int size;
        private final Supplier<List<Segment>> expand;
        private volatile WaitList expanded;

        Deferred(int size, Supplier<List<Segment>> expand) {
            this.size = size;
            this.expand = expand;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Wait at(int offset, int position) {
            WaitList list = expanded;
            if (list == null) {
                list = new WaitList(expand.get());
                expanded = list;
            }
            Wait w = list.get(offset);
            return new Wait(w.trial(), w.why(), position);
        }
    }

    /** Waits of another list, renumbered. */
    record Renumbered(List<Wait> waits) implements Segment {
        @Override
        public int size() {
            return waits.size();
        }

        @Override
        public Wait at(int offset, int position) {
            Wait w = waits.get(offset);
            return new Wait(w.trial(), w.why(), position);
        }
    }

    private final Segment[] segments;
    private final int[] starts;
    private final int size;

    WaitList(List<Segment> segments) {
        List<Segment> nonEmpty = new ArrayList<>(segments.size());
        for (Segment s : segments) {
            if (s.size() > 0) {
                nonEmpty.add(s);
            }
        }
        this.segments = nonEmpty.toArray(new Segment[0]);
        this.starts = new int[this.segments.length];
        int total = 0;
        for (int i = 0; i < this.segments.length; i++) {
            starts[i] = total;
            total += this.segments[i].size();
        }
        this.size = total;
    }

    /** The {@link Cancelled} segments of this list (not of lists nested in it). */
    List<Cancelled> cancelled() {
        List<Cancelled> found = new ArrayList<>();
        for (Segment s : segments) {
            if (s instanceof Cancelled c) {
                found.add(c);
            }
        }
        return found;
    }

    @Override
    public Wait get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        int at = Arrays.binarySearch(starts, index);
        int segment = at >= 0 ? at : -at - 2;
        return segments[segment].at(index - starts[segment], index + 1);
    }

    @Override
    public int size() {
        return size;
    }
}
