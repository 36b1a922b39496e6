/* Writers take turns in arrival order. SQLite lets one writer in at a
 * time and makes the others sleep and retry (its busy handler backs off
 * up to 100 ms), so under many writers a save waits behind luck: with 20
 * at once the worst waited 1.7 s while most took 0.1 s. Before BEGIN
 * IMMEDIATE each connection takes a ticket from a small lock file next to
 * the database (DB-writers) and waits only for the writer just ahead of
 * it: a queue (each ticket t is a byte lock at offset t, held by its
 * writer until it ends, and its successor waits for that byte alone),
 * built from open-file-description locks, which the kernel releases when
 * a process dies. SQLite's own locking stays the authority: a writer
 * that gives up or dies only lets its successor go on to SQLite's wait.
 * Without the lock file (a read-only directory, :memory:) nothing
 * changes. */
#ifndef NJ_WRITE_QUEUE_H
#define NJ_WRITE_QUEUE_H

#include <stdbool.h>

typedef struct write_queue write_queue;

/* The queue of the database at path (NULL when there is none to use). */
write_queue *write_queue_open(const char *path);
void write_queue_close(write_queue *q);
/* Wait for this connection's turn, at most max_ms; false when it did not
 * come in time (the caller goes on to SQLite's own busy wait). */
bool write_queue_enter(write_queue *q, long max_ms);
/* The turn is over (after COMMIT or ROLLBACK). */
void write_queue_leave(write_queue *q);

#endif
