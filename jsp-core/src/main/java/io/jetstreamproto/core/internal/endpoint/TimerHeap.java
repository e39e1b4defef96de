package io.jetstreamproto.core.internal.endpoint;

import java.util.Arrays;

/**
 * The connections of an endpoint ordered by their next deadline: an indexed binary min-heap. Each connection knows
 * its place in the heap, so re-arming (earlier or later) and removal cost O(log n) and allocate nothing, whatever the
 * number of connections — unlike {@code java.util.PriorityQueue.remove(Object)}, which searches linearly.
 */
final class TimerHeap {
    private EndpointConnection[] heap = new EndpointConnection[64];
    private int size;

    int size() {
        return size;
    }

    /** Moves {@code c} to {@code deadline}; {@link Long#MAX_VALUE} removes it. */
    void update(EndpointConnection c, long deadline) {
        if (deadline == Long.MAX_VALUE) {
            remove(c);
            return;
        }
        if (c.heapIndex < 0) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            c.deadline = deadline;
            c.heapIndex = size;
            heap[size++] = c;
            siftUp(c.heapIndex);
            return;
        }
        long old = c.deadline;
        if (old == deadline) {
            return;
        }
        c.deadline = deadline;
        if (deadline < old) {
            siftUp(c.heapIndex);
        } else {
            siftDown(c.heapIndex);
        }
    }

    void remove(EndpointConnection c) {
        int i = c.heapIndex;
        if (i < 0) {
            return;
        }
        c.heapIndex = -1;
        c.deadline = Long.MAX_VALUE;
        size--;
        if (i == size) {
            heap[size] = null;
            return;
        }
        EndpointConnection last = heap[size];
        heap[size] = null;
        heap[i] = last;
        last.heapIndex = i;
        siftDown(i);
        siftUp(last.heapIndex);
    }

    /** The connection with the earliest deadline, or null. */
    EndpointConnection peek() {
        return size == 0 ? null : heap[0];
    }

    private void siftUp(int i) {
        EndpointConnection c = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            EndpointConnection p = heap[parent];
            if (p.deadline <= c.deadline) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = c;
        c.heapIndex = i;
    }

    private void siftDown(int i) {
        EndpointConnection c = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].deadline < heap[child].deadline) {
                child = right;
            }
            if (c.deadline <= heap[child].deadline) {
                break;
            }
            heap[i] = heap[child];
            heap[i].heapIndex = i;
            i = child;
        }
        heap[i] = c;
        c.heapIndex = i;
    }
}
