/* Schema migrations, applied in order on open. */
#ifndef NJ_SCHEMA_H
#define NJ_SCHEMA_H

extern const char *const schema_migrations[];
extern const int schema_migration_count;

#endif
