/* The inside of db_conn and db_stmt (store/db.h), for src/store/ only:
 * the SQLite handle behind each, and the PostgreSQL one when the
 * statement layer (store/pg_stmt.c) has one. The jobs only SQLite does
 * (the backup API, the busy handler) reach its handle with db_sqlite(). */
#ifndef NJ_DB_SQLITE_H
#define NJ_DB_SQLITE_H

#include <sqlite3.h>

#include "store/db.h"

struct pg_conn;
struct pg_stmt;

struct db_conn {
	sqlite3 *lite;
	struct pg_conn *pg; /* NULL until the PostgreSQL statement layer lands */
};

struct db_stmt {
	db_conn *db;
	sqlite3_stmt *lite;
	struct pg_stmt *pg;
};

sqlite3 *db_sqlite(db_conn *db);
/* A db_stmt for a statement SQLite prepared (NULL for NULL); db_finalize
 * finalizes both. */
db_stmt *db_stmt_wrap(db_conn *db, sqlite3_stmt *lite);

/* A plain SQLite connection (sqlite3_open_v2: no queue, no migrations),
 * for the backup's copy and the health check's fresh schema. *db is set
 * whenever SQLite gave a handle, as its errors are read from it. */
int db_sqlite_open(const char *path, int flags, db_conn **db);
int db_sqlite_close(db_conn *db);

#endif
