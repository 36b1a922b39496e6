/* The add and correct jobs of every record type (cli_record.h). */
#include "cli/cli_record.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/out.h"
#include "base/text.h"

const form_def *cli_record_form(app *a, const cli_record_kind *k)
{
	if (!k->form_added)
		return app_form(a, k->form);
	char err[512];
	const form_def *f = app_form_loaded(a, k->form, err, sizeof err);
	if (!f)
		err_printf("nongjian: %s\n", err);
	return f;
}

bool cli_load_record(app *a, const cli_record_kind *k, const char *arg, void *r)
{
	long long id = k->find(a, arg);
	char err[512];
	if (!id)
		return false;
	if (!k->load(a->db, id, r, err, sizeof err)) {
		cli_failed(err);
		return false;
	}
	return true;
}

static void *new_record(const cli_record_kind *k)
{
	void *r = xcalloc(1, k->size);
	k->init(r);
	return r;
}

static void drop_record(const cli_record_kind *k, void *r)
{
	k->free(r);
	free(r);
}

/* The rest of either job, r (new_record) freed: the key=value
 * arguments, for a new record (reason NULL) the questions, the save, the
 * line. */
static int save(app *a, const cli_record_kind *k, const form_def *f, void *r, int argc, char **argv,
                const char *reason, bool option)
{
	rec_error e;
	int rc = EXIT_OK;
	if (!(k->assign ? k->assign(f, r, argc, argv) : cli_assign(k->rt, f, k->values(r), argc, argv))) {
		rc = k->mistyped;
	} else if (!reason && k->ready && !k->ready(a, f, r, option)) {
		rc = EXIT_FAIL;
	} else if (!k->save(a, f, r, reason, option, &e)) {
		rc = cli_failed(e.msg);
	} else {
		char what[64];
		snprintf(what, sizeof what, "%s (第 %d 版)", k->corrected, k->version(r));
		k->said(r, reason ? what : NULL, option);
	}
	drop_record(k, r);
	return rc;
}

int cli_add_record(app *a, int argc, char **argv, const cli_record_kind *k)
{
	bool option = k->add_option && cli_take_flag(&argc, argv, k->add_option);
	if (argc == 0)
		return cli_usage(k->add_usage);
	const form_def *f = cli_record_form(a, k);
	if (!f)
		return EXIT_FAIL;
	void *r = new_record(k);
	rec_defaults(k->rt, f, k->values(r));
	return save(a, k, f, r, argc, argv, NULL, option);
}

int cli_correct_record(app *a, int argc, char **argv, const cli_record_kind *k)
{
	bool bad = false;
	const char *reason = cli_take_value(&argc, argv, "--reason", &bad);
	if (bad || argc < 2 || (!reason && !k->reason_optional))
		return cli_usage(k->correct_usage);
	const form_def *f = cli_record_form(a, k);
	if (!f)
		return EXIT_FAIL;
	void *r = new_record(k);
	if (!cli_load_record(a, k, argv[0], r)) {
		drop_record(k, r);
		return EXIT_FAIL;
	}
	return save(a, k, f, r, argc - 1, argv + 1, reason ? reason : "", false);
}
