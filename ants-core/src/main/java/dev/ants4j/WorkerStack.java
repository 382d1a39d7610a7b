package dev.ants4j;

import java.util.Arrays;
import java.util.List;

/**
 * The default idle-worker store: an array used as a stack, ants' {@code workerStack}. Index 0 is
 * the oldest idle worker, {@code size - 1} the newest. Guarded by the pool's lock.
 */
final class WorkerStack implements WorkerQueue {

    private Worker[] items;
    private int size;

    WorkerStack(int initialCapacity) {
        items = new Worker[Math.max(4, initialCapacity)];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean insert(Worker w, long now) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size + (size >> 1) + 1);
        }
        w.lastUsed = now;
        items[size++] = w;
        return true;
    }

    @Override
    public Worker detach() {
        if (size == 0) {
            return null;
        }
        Worker w = items[--size];
        items[size] = null;
        return w;
    }

    @Override
    public long stampAt(int i) {
        return items[i].lastUsed;
    }

    @Override
    public void removeOldest(int k, List<Worker> out) {
        if (k == 0) {
            return;
        }
        for (int i = 0; i < k; i++) {
            out.add(items[i]);
        }
        int remaining = size - k;
        System.arraycopy(items, k, items, 0, remaining);
        Arrays.fill(items, remaining, size, null);
        size = remaining;
    }

    @Override
    public void reset(List<Worker> out) {
        for (int i = 0; i < size; i++) {
            out.add(items[i]);
            items[i] = null;
        }
        size = 0;
    }
}
