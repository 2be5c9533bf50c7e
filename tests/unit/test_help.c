/*
 * Every option of every parser is documented: for each command (and, for
 * build and report, each return) every row of the option tables the parser
 * uses appears in that command's --help, in the manual page and in the
 * README.  The help is written from the same rows, so this test fails when
 * a row has no help words, when the manual page or README lags behind a
 * new option, or when a command stops listing an option it takes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/app.h"
#include "cli/commands.h"
#include "core/strbuf.h"
#include "returns/registry.h"

static char *slurp(const char *path)
{
    struct strbuf sb = STRBUF_INIT;
    FILE *fp = fopen(path, "rb");
    char buf[4096];
    size_t n;

    if (!fp)
        return NULL;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        strbuf_add(&sb, buf, n);
    fclose(fp);
    return strbuf_detach(&sb, NULL);
}

/* The standard output of `statreturn ARGS...`, run in process. */
static char *help_of(const char *a, const char *b, const char *c)
{
    char path[] = "/tmp/statreturn-help.XXXXXX";
    char prog[] = "statreturn";
    char *argv[] = { prog, (char *)a, (char *)b, (char *)c, NULL };
    int argc = c ? 4 : b ? 3 : 2;
    int fd = mkstemp(path), saved = dup(1);
    char *out;

    assert_true(fd >= 0 && saved >= 0);
    fflush(stdout);
    dup2(fd, 1);
    int rc = app_main(argc, argv);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    close(fd);
    assert_int_equal(rc, 0);
    out = slurp(path);
    unlink(path);
    assert_non_null(out);
    return out;
}

struct docs {
    const char *help;      /* the command's --help */
    const char *words;     /* "build 903" */
    const char *man, *readme;
    size_t checked;
};

/* "--name" as a whole option: not followed by another letter, digit or '-'. */
static bool has_option(const char *text, const char *prefix, const char *name)
{
    size_t pl = strlen(prefix), nl = strlen(name);

    for (const char *p = strstr(text, prefix); p; p = strstr(p + 1, prefix)) {
        const char *e = p + pl + nl;
        if (!strncmp(p + pl, name, nl) && !(e[0] == '-' && e[1] != ' ') && !((e[0] >= 'a' && e[0] <= 'z')
                                                                                || (e[0] >= '0' && e[0] <= '9')))
            return true;
    }
    return false;
}

static void check_row(void *arg, const struct cli_option *o)
{
    struct docs *d = arg;

    if (!has_option(d->help, "--", o->name))
        fail_msg("'statreturn %s --help' does not list --%s", d->words, o->name);
    if (!o->help || !*o->help)
        fail_msg("--%s of %s has no help words", o->name, d->words);
    if (!has_option(d->man, "--", o->name))
        fail_msg("the manual page man/statreturn.1 does not document --%s (%s)", o->name, d->words);
    if (!has_option(d->readme, "--", o->name))
        fail_msg("README.md does not mention --%s (%s)", o->name, d->words);
    d->checked++;
}

static void test_every_option_documented(void **state)
{
    char *man = slurp("man/statreturn.1"), *readme = slurp("README.md");

    /* roff writes a hyphen as "\-": read the page as it prints */
    for (char *p = man ? strstr(man, "\\-") : NULL; p; p = strstr(p, "\\-"))
        memmove(p, p + 1, strlen(p));
    const struct cli_command *plain[] = { &cli_validate_command, &cli_synth_command, &cli_keygen_command,
                                          &cli_send_command };
    size_t total = 0;

    (void)state;
    assert_non_null(man);
    assert_non_null(readme);
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        /* "send csc-api": the command word and its return */
        char word[32], *ret;
        snprintf(word, sizeof word, "%s", plain[i]->name);
        ret = strchr(word, ' ');
        if (ret)
            *ret++ = '\0';
        struct docs d = { ret ? help_of(word, ret, "--help") : help_of(word, "--help", NULL), plain[i]->name, man,
                          readme, 0 };
        for (size_t j = 0; j < plain[i]->n; j++)
            check_row(&d, &plain[i]->own[j]);
        free((char *)d.help);
        total += d.checked;
    }
    for (size_t i = 0; return_kinds[i]; i++) {
        char words[64];
        const char *name = return_kinds[i]->name;
        struct docs d = { help_of("build", name, "--help"), words, man, readme, 0 };
        snprintf(words, sizeof words, "build %s", name);
        cmd_build_each_option(return_kinds[i], check_row, &d);
        free((char *)d.help);
        total += d.checked;
        if (!return_kinds[i]->shared)
            continue;
        snprintf(words, sizeof words, "report %s", name);
        d = (struct docs){ help_of("report", name, "--help"), words, man, readme, 0 };
        cmd_report_each_option(return_kinds[i], check_row, &d);
        free((char *)d.help);
        total += d.checked;
    }
    /* build and report before the return: every option of any return */
    struct docs d = { help_of("build", "--help", NULL), "build", man, readme, 0 };
    cmd_build_each_option(NULL, check_row, &d);
    free((char *)d.help);
    d = (struct docs){ help_of("report", "--help", NULL), "report", man, readme, 0 };
    cmd_report_each_option(NULL, check_row, &d);
    free((char *)d.help);
    assert_true(total > 100);
    free(man);
    free(readme);
}

/* The checker itself: an option that is nowhere is caught. */
static void test_checker_fails(void **state)
{
    (void)state;
    assert_false(has_option("  --format FMT\n", "--", "form"));
    assert_false(has_option("  --key-file FILE\n", "--", "key"));
    assert_true(has_option("  --key-file FILE\n", "--", "key-file"));
    assert_true(has_option("--la CODE", "--", "la"));
    assert_false(has_option("--layout-dir", "--", "la"));
}

/* The version and the top-level help. */
static void test_version(void **state)
{
    char *out = help_of("-V", NULL, NULL);

    (void)state;
    assert_int_equal(strncmp(out, "statreturn ", 11), 0);
    free(out);
    out = help_of("--help", NULL, NULL);
    assert_non_null(strstr(out, "report 903"));
    assert_non_null(strstr(out, "-V, --version"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checker_fails),
        cmocka_unit_test(test_every_option_documented),
        cmocka_unit_test(test_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
