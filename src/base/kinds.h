/* Test kinds: the qualitative rapid test, which counts toward the towns'
 * 600/800 quota, and the three district quantitative kinds. */
#ifndef NJ_KINDS_H
#define NJ_KINDS_H

#include "base/codes.h"

enum { KIND_RAPID, KIND_ROUTINE, KIND_SUPERVISORY, KIND_INPUTS, KIND_COUNT };

const char *kind_label(int k);          /* 定性检测 ... ("" when out of range) */
const char *kind_code(int k);           /* rapid ... (as stored) */
int kind_from_label(const char *label); /* -1 when unknown; old labels read too */
/* The kind's current label for a label (old or current); label itself
 * when it names no kind. */
const char *kind_canonical(const char *label);
int kind_from_code(const char *code);
/* The table behind them (record tables name it for the kind column). */
extern const code_label kind_codes[];

#endif
