/* The WAL is still checkpointed after every commit that leaves it over
 * 1,000 pages, now by store/db.c's own hook (run once the write lock and
 * the writers' queue turn are given up) instead of SQLite's automatic
 * checkpoint inside COMMIT: without it the -wal file would grow with
 * every save for as long as any session stays open. And the turn is
 * free again when the commit returns, for the next writer. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "store/db.h"
#include "store/write_queue.h"

static long long file_size(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0 ? (long long)sb.st_size : -1;
}

int main(void)
{
	char dir[] = "/tmp/nj_test_checkpoint.XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	char path[128], wal[140], writers[150];
	snprintf(path, sizeof path, "%s/nj.db", dir);
	snprintf(wal, sizeof wal, "%s-wal", path);
	snprintf(writers, sizeof writers, "%s-writers", path);
	char err[512] = "";
	db_conn *db = db_open(path, 2000, true, err, sizeof err);
	CHECK(db != NULL, "open a new database (%s)", err);
	if (!db)
		return check_done();
	CHECK(db_exec_tx(db, "CREATE TABLE bulk (b BLOB)", "建表", err, sizeof err), "a table of our own (%s)", err);
	/* 40 saves of about 100 pages each: 4,000 pages of WAL if nothing
	 * checkpointed it, about 1,100 at the most if something did. */
	bool ok = true;
	for (int i = 0; ok && i < 40; i++)
		ok = db_exec_tx(db,
		                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) "
		                "INSERT INTO bulk SELECT randomblob(4000) FROM n",
		                "写入", err, sizeof err);
	CHECK(ok, "40 saves of 100 rows of 4,000 bytes (%s)", err);
	long long pages = file_size(wal) / (4096 + 24);
	CHECK(pages > 0 && pages < 2000, "the WAL was checkpointed along the way: %lld pages (not ~4,000)", pages);
	/* The turn was given back: another writer gets one at once. */
	write_queue *other = write_queue_open(path);
	CHECK(other != NULL, "a second writer opens the queue");
	CHECK(other && write_queue_enter(other, 0), "and gets its turn without waiting");
	write_queue_close(other);
	db_close(db);
	unlink(wal);
	char shm[150];
	snprintf(shm, sizeof shm, "%s-shm", path);
	unlink(shm);
	unlink(writers);
	unlink(path);
	rmdir(dir);
	return check_done();
}
