/*
 * DfE SSDA903 rules: field validity and the OC2/OC3/AD1 rules of the 100 series (codes in this file: 101 102 103 104 105 112 113 114 115 116 117 118 119 120 131 132 133 134 141 142 143 144 145 146 147 148 149 151 153 157 158 159 165 166 167 168 171 174 175 176 177 178 180 181 182 184 185 186 187 188 189 190 191 192 193 196 197B 197a 198 199).
 * See cla_rules.h for the interface.
 */
#include "cla_rules.h"

/* Fails every row of table t whose `column` is blank or not in the year's
 * code list `list` (tables.conf, so each year's codes apply: 101 accepts
 * M/F/U from 2024-25). */
static void code_in_list(struct cla_rule_ctx *ctx, const struct cla_view *v, enum cla_tid t,
                         const char *column, const char *list)
{
    const struct cla_codelist *l = cla_spec_codes(v->env->spec, list);
    const struct cla_row *const *rows;
    size_t n;

    rows = cla_view_rows(v, t, &n);
    for (size_t i = 0; i < n; i++) {
        int k = cla_table_column(rows[i]->table, column);
        if (k >= 0 && !cla_code_in(l, rows[i]->cells[k]))
            cla_rule_fail(ctx, v->child, rows[i], k);
    }
}

/* 101: The child or young person's reported sex is not valid. */
static void check_101(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    code_in_list(ctx, v, CLA_HEADER, "SEX", "SEX");
}

/* 102: Date of birth is not a valid date (blank included). */
static void check_102(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    const struct cla_row *h = v->header;

    if (h && !sr_date_ok(v->dob))
        cla_rule_fail_col(ctx, v, h, "DOB");
}

/* 103: The ethnicity code is either not valid or has not been entered. */
static void check_103(struct cla_rule_ctx *ctx, const struct cla_view *v)
{
    code_in_list(ctx, v, CLA_HEADER, "ETHNIC", "ETHNIC");
}

#define RULE(code_, table_, msg_) { .code = code_, .type = RULE_ERROR, .module = table_, .message = msg_ }

const struct cla_rule cla_rules_100[] = {
    { .info = RULE("101", "Header", "The child or young person\u2019s reported sex is not valid."),
      .covers = "Header.SEX", .check = check_101 },
    { .info = RULE("102", "Header", "Date of birth is not a valid date."),
      .covers = "Header.DOB", .check = check_102 },
    { .info = RULE("103", "Header", "The ethnicity code is either not valid or has not been entered."),
      .covers = "Header.ETHNIC", .check = check_103 },
    { .info = { .code = NULL } },
};
