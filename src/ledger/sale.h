/* 限用农药定点经营、实名购买: the sale ledger of designated input shops
 * (定点经营农资店). A sale names the shop, the date, the buyer with a
 * checked ID number (GB 11643) or, for a company, its credit code
 * (GB 32100), the pesticide (only 限用 items of the list in the database;
 * a 禁用 one is refused and, by the rule sale.flag_banned, reported in the
 * audit trail), the quantity (at most sale.max_quantity) and what it is
 * for. Kept like a sample: corrected with history, voided with a reason,
 * audited, written only by the shop's town. The ID number is personal
 * data: shown in full only to supervisors and the shop's town
 * (sale_may_see_id), every full view audited. No curses. */
#ifndef NJ_SALE_H
#define NJ_SALE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/config.h"
#include "record/formdef.h"
#include "record/sale_table.h"
#include "store/users.h"
#include "store/db.h"

typedef struct {
	long long id;               /* 0 until saved */
	int version;
	char *v[SL_COUNT];          /* text, never NULL */
	long long shop_id;          /* the designated shop (a producer) */
	long long buyer_producer_id; /* the buyer in the registry, 0: not registered */
	bool voided;
	char void_reason[256];
	REC_STAMP_MEMBERS;
} sale;

typedef rec_error sale_error;

REC_RECORD_DECLS(sale);
const char *sale_value_by_key(void *ctx, const char *key);

/* A pesticide of the list: PS_BANNED 禁用, PS_RESTRICTED 限用,
 * PS_GENERAL 常规 (neither). */
enum { PS_BANNED, PS_RESTRICTED, PS_GENERAL };
typedef struct {
	char name[128], class_[128], note[512];
	int status;
} pesticide_info;
/* 1 found, 0 not in the list, -1 database error (err). */
int sale_pesticide(db_conn *db, const char *name, pesticide_info *out, char *err, size_t errlen);
/* Names of the 限用 items, in list order (for the screen's hint). */
int sale_restricted_names(db_conn *db, char *out, size_t outlen, char *err, size_t errlen);

/* The buyer's age in whole years on a date, from the ID number's date
 * of birth (characters 7-14); -1 when it has none. */
int sale_buyer_age(const char *id_number, const char *date);

/* Check every field (the form's rules, then the ledger's: the shop is a
 * designated 农资店, the ID number or credit code is valid and the buyer
 * at least 18, the pesticide is 限用, the quantity within the maximum,
 * no date in the future), normalising in place and setting the town,
 * shop_id and buyer_producer_id. False with the first problem. *banned
 * (may be NULL) says the refusal was for a 禁用 pesticide. */
bool sale_validate(db_conn *db, const config *c, const form_def *f, sale *s, bool *banned,
                   sale_error *e);

/* Save a new sale (s->id and s->version set), audited; refused for
 * another town's shop (staff). A 禁用 pesticide is refused and, with
 * sale.flag_banned, written to the audit trail as sale.banned. */
bool sale_insert(db_conn *db, const config *c, const form_def *f, sale *s, const account *who,
                 sale_error *e);
/* The attempt to register a sale of a 禁用 pesticide (s as sale_validate
 * left it), in the audit trail as sale.banned. */
void sale_flag_banned(db_conn *db, const sale *s, const account *who);
/* The saving half of sale_insert, for a sale that passed sale_validate
 * (s->shop_id and s->buyer_producer_id as it set them: an import checks
 * its rows before it takes the write lock); the town is checked again. */
bool sale_insert_checked(db_conn *db, sale *s, const account *who, sale_error *e);
/* Save the changed fields of a loaded sale (s->version as loaded) with
 * a reason; every change kept in the history. The shop is not changed
 * (a sale entered under the wrong shop is voided and entered again). */
bool sale_correct(db_conn *db, const config *c, const form_def *f, sale *s, const char *reason,
                  const account *who, sale_error *e);
bool sale_void(db_conn *db, long long id, int version, const char *reason, const account *who,
               char *err, size_t errlen);
bool sale_load(db_conn *db, long long id, sale *s, char *err, size_t errlen);
/* The columns every query of whole sales selects (a rec_sql template),
 * and the load of one such row into s (ledger/salelist.c too). */
#define SALE_SELECT                                                                                  \
	"SELECT l.id, l.version, l.shop_id, coalesce(l.buyer_producer_id, 0), l.status, l.void_reason,"  \
	" l.created_at, l.created_by, l.updated_at, l.updated_by, {select}"                               \
	" FROM sales l JOIN units u ON u.id = l.unit_id"
void sale_from_row(db_stmt *st, sale *s);
/* "12" or "#12": the sale's number; 0 when s is not one. */
long long sale_parse_no(const char *s);

typedef rec_change sale_change;
bool sale_history(db_conn *db, long long id, rec_change_fn fn, void *ctx, char *err, size_t errlen);

/* ---- privacy ---- */
/* May who see the ID numbers and credit codes of buyers of a sale made
 * in town in full? Supervisors and admins, and the shop's own town. */
bool sale_may_see_id(const account *who, const char *town);
/* 5002**********123X: the first and last four characters; "" stays "". */
void sale_mask_id(const char *id, char *out, size_t outlen);
/* A full view of buyers' ID numbers, written to the audit trail
 * (sale.view): entity names what was seen (a sale, a list, an export). */
bool sale_audit_view(db_conn *db, const account *who, const char *entity, const char *detail,
                     char *err, size_t errlen);

#endif
