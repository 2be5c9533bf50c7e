/*
 * `statreturn keygen`: a fresh pseudonymisation key in a 0600 file.  The
 * key is never printed; its fingerprint is.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/log.h"
#include "io/outfile.h"
#include "privacy/pseudo.h"

enum sr_status cmd_keygen(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "output", required_argument, NULL, 'o' },
        { "force", no_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *output = NULL;
    int force = 0, c;
    char key[65], err[512];
    struct outfile of;

    optind = 1;
    while ((c = getopt_long(argc, argv, "o:fh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'f': force = 1; break;
        case 'h':
            fputs("usage: statreturn keygen --output FILE [--force]\n"
                  "Writes 256 bits of fresh key material (hex) to FILE with mode 0600.\n"
                  "Keep one key per recipient; the key never appears in output or logs.\n", stdout);
            return SR_OK;
        default:
            return SR_USAGE;
        }
    }
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
