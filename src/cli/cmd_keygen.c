/*
 * `statreturn keygen`: a fresh pseudonymisation key in a 0600 file.  The
 * key is never printed; its fingerprint is.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "core/log.h"
#include "io/outfile.h"
#include "privacy/pseudo.h"

static const struct cli_option keygen_options[] = {
    { "output", required_argument, 'o', "FILE", "the key file to write (required; mode 0600)" },
    { "force", no_argument, 'f', NULL, "replace an existing key file (the old key is lost)" },
};
#define N_KEYGEN_OPTIONS (sizeof keygen_options / sizeof keygen_options[0])

const struct cli_command cli_keygen_command = { "keygen", keygen_options, N_KEYGEN_OPTIONS };

static void usage(void)
{
    fputs("usage: statreturn keygen --output FILE [--force]\n"
          "\n"
          "Writes 256 bits of fresh key material (hex) to FILE with mode 0600 and prints its\n"
          "fingerprint.  Keep one key per recipient; the key never appears in output or logs.\n", stdout);
    cli_help_options(stdout, keygen_options, N_KEYGEN_OPTIONS, 0, NULL);
}

enum sr_status cmd_keygen(int argc, char **argv)
{
    struct option *longopts = cli_options(0, keygen_options, N_KEYGEN_OPTIONS);
    const char *output = NULL;
    int force = 0, c;
    char key[65], err[512];
    struct outfile of;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:fh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'f': force = 1; break;
        case OPT_HELP:
            free(longopts);
            usage();
            return SR_OK;
        default:
            free(longopts);
            cli_bad_option("keygen", argv, optopt, optind);
            return SR_USAGE;
        }
    }
    free(longopts);
    if (!output) {
        sr_error("keygen needs --output FILE (the key is never printed)");
        return SR_USAGE;
    }
    if (pseudo_keygen(key, err, sizeof err) != 0) {
        sr_error("%s", err);
        return SR_INTERNAL;
    }
    if (outfile_open(&of, output, force, err, sizeof err) != 0) {
        sr_error("%s", err);
        return SR_OUTPUT;
    }
    fprintf(of.fp, "%s\n", key);
    memset(key, 0, sizeof key);
    if (outfile_commit(&of, err, sizeof err) != 0) {
        sr_error("%s", err);
        return SR_OUTPUT;
    }
    struct pseudo_key k;
    if (pseudo_key_load_file(&k, output, err, sizeof err) == 0) {
        sr_info("wrote key %s to %s", k.fingerprint, output);
        pseudo_key_release(&k);
    }
    return SR_OK;
}
