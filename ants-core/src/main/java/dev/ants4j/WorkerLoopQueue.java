package dev.ants4j;

import java.util.List;

/**
 * The pre-allocated idle-worker store: a ring buffer of exactly the pool's capacity, ants'
 * {@code loopQueue}. It is a deque: workers enter at the tail and leave from the tail
 * ({@link #detach()}, most recently used first) or, when expired, from the head (the oldest).
 * ants' ring hands out the oldest worker first; this one reuses the newest, as the stack does,
 * so both stores keep hot threads hot. Guarded by the pool's lock.
 */
final class WorkerLoopQueue implements WorkerQueue {

    private final Worker[] items;
    private int head; // index of the oldest worker
    private int size;

    WorkerLoopQueue(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("ring capacity must be positive: " + capacity);
        }
        items = new Worker[capacity];
    }

    private int index(int logical) {
        int i = head + logical;
        return i >= items.length ? i - items.length : i;
    }

    @Override
    public int size() {
        return size;
    }

    /** @return whether every slot is taken */
    boolean isFull() {
        return size == items.length;
    }

    @Override
    public boolean insert(Worker w, long now) {
        if (size == items.length) {
            return false;
        }
        w.lastUsed = now;
        items[index(size++)] = w;
        return true;
    }

    @Override
    public Worker detach() {
        if (size == 0) {
            return null;
        }
        int i = index(--size);
        Worker w = items[i];
        items[i] = null;
        return w;
    }

    @Override
    public long stampAt(int i) {
        return items[index(i)].lastUsed;
    }

    @Override
    public void removeOldest(int k, List<Worker> out) {
        for (int j = 0; j < k; j++) {
            int i = head;
            out.add(items[i]);
            items[i] = null;
            head = i + 1 == items.length ? 0 : i + 1;
            size--;
        }
    }

    @Override
    public void reset(List<Worker> out) {
        for (int j = 0; j < size; j++) {
            int i = index(j);
            out.add(items[i]);
            items[i] = null;
        }
        head = 0;
        size = 0;
    }
}
