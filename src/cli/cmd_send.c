/*
 * `statreturn send csc-api --payload FILE`: posts a payload built by
 * `build csc-api` to DfE's CSC API (returns/cscapi/csc_send.c).  Settings
 * come from the command line or from csc_api.NAME keys of the
 * configuration; secrets only from files (mode 0600) or systemd
 * credentials, never from the command line.
 */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "returns/cscapi/csc_api.h"

static const char usage_text[] =
    "usage: statreturn send csc-api --payload FILE [options]\n"
    "\n"
    "Posts a CSC API payload (csc_api_RUN_LA.jsonl, from build csc-api) to DfE, batch by\n"
    "batch, and records what DfE acknowledged in the state store.\n";
static const char usage_tail[] =
    "\n"
    "Proxies come from https_proxy / no_proxy.  Exit 0: every batch acknowledged;\n"
    "11: a batch was not (nothing unacknowledged is marked sent; run send again);\n"
    "12: DfE refused records (400), the others were acknowledged.\n";

enum {
    O_PAYLOAD = 0x300, O_STATE_DIR, O_API_URL, O_TOKEN_URL, O_CLIENT_ID, O_SCOPE, O_SECRET, O_SKEY, O_CA,
    O_ATTEMPTS, O_BACKOFF, O_DRY_RUN
};

static const struct cli_option own[] = {
    { "payload", required_argument, O_PAYLOAD, "FILE", "the payload to send" },
    { "state-dir", required_argument, O_STATE_DIR, "DIR", "the state store (default: the payload's directory)" },
    { "api-url", required_argument, O_API_URL, "URL", "the service's base URL (config: csc_api.api_url)" },
    { "token-url", required_argument, O_TOKEN_URL, "URL", "OAuth2 token endpoint (config: csc_api.token_url)" },
    { "client-id", required_argument, O_CLIENT_ID, "ID", "OAuth2 client id (config: csc_api.client_id)" },
    { "scope", required_argument, O_SCOPE, "SCOPE", "OAuth2 scope (config: csc_api.scope)" },
    { "client-secret-file", required_argument, O_SECRET, "F",
      "the client secret, mode 0600 (config: csc_api.client_secret_file;\nelse the systemd credential "
      "csc-api-client-secret)" },
    { "supplier-key-file", required_argument, O_SKEY, "F",
      "the SupplierKey subscription key, mode 0600 (config:\ncsc_api.supplier_key_file; else the credential "
      "csc-api-supplier-key)" },
    { "ca-file", required_argument, O_CA, "F",
      "an extra CA certificate to trust (config: csc_api.ca_file);\nverification is always on" },
    { "attempts", required_argument, O_ATTEMPTS, "N", "tries per batch, in all (default 3)" },
    { "backoff-ms", required_argument, O_BACKOFF, "MS", "first wait before a retry, doubling to 30 s (default 5000)" },
    { "dry-run", no_argument, O_DRY_RUN, NULL, "everything but the POSTs: nothing is sent or recorded" },
};
#define SEND_SHARED (SHARED_LA | SHARED_CONFIG | SHARED_QUIET | SHARED_VERBOSE | SHARED_PASSWORD)

const struct cli_command cli_send_command = { "send csc-api", own, sizeof own / sizeof own[0] };

static void usage(void)
{
    fputs(usage_text, stdout);
    cli_help_options(stdout, own, sizeof own / sizeof own[0], SEND_SHARED, NULL);
    fputs(usage_tail, stdout);
}

static const char *or_config(const char *v, const struct config *cfg, const char *name)
{
    return v ? v : config_csc_api(cfg, name);
}

static int parse(int argc, char **argv, struct csc_send_request *rq, struct shared_options *so, enum sr_status *st)
{
    struct option *t = cli_options(SEND_SHARED, own, sizeof own / sizeof own[0]);
    int c, rc = 0;
    optind = 1;
    opterr = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, "qvh", t, NULL)) != -1) {
        int r = cli_shared_option(so, c, optarg, st);
        if (r < 0)
            rc = -1;
        if (r != 0)
            continue;
        switch (c) {
        case O_PAYLOAD: rq->payload = optarg; break;
        case O_STATE_DIR: rq->state_dir = optarg; break;
        case O_API_URL: rq->api_url = optarg; break;
        case O_TOKEN_URL: rq->token_url = optarg; break;
        case O_CLIENT_ID: rq->client_id = optarg; break;
        case O_SCOPE: rq->scope = optarg; break;
        case O_SECRET: rq->secret_file = optarg; break;
        case O_SKEY: rq->supplier_key_file = optarg; break;
        case O_CA: rq->ca_file = optarg; break;
        case O_ATTEMPTS: rq->attempts = atoi(optarg); break;
        case O_BACKOFF: rq->backoff_ms = atoi(optarg); break;
        case O_DRY_RUN: rq->dry_run = true; break;
        case OPT_HELP: usage(); *st = SR_OK; rc = 1; break;
        default:
            cli_bad_option("send csc-api", argv, optopt, optind);
            *st = SR_USAGE;
            rc = -1;
        }
    }
    free(t);
    return rc;
}

enum sr_status cmd_send(int argc, char **argv)
{
    struct csc_send_request rq = { 0 };
    struct shared_options so;
    enum sr_status st = SR_USAGE;
    char *dir = NULL;

    shared_options_init(&so);
    if (argc < 2 || strcmp(argv[1], "csc-api")) {
        sr_error("send takes one return: statreturn send csc-api --payload FILE");
        goto out;
    }
    if (parse(argc - 1, argv + 1, &rq, &so, &st) != 0)
        goto out;
    if (optind < argc - 1) {
        sr_error("unexpected argument '%s'", argv[optind + 1]);
        st = SR_USAGE;
        goto out;
    }
    if ((st = cli_shared_finish(&so, true)) != SR_OK)
        goto out;
    if (!rq.payload) {
        sr_error("send csc-api needs --payload FILE (the .jsonl written by build csc-api)");
        st = SR_USAGE;
        goto out;
    }
    rq.la = so.la;
    rq.api_url = or_config(rq.api_url, &so.cfg, "api_url");
    rq.token_url = or_config(rq.token_url, &so.cfg, "token_url");
    rq.client_id = or_config(rq.client_id, &so.cfg, "client_id");
    rq.scope = or_config(rq.scope, &so.cfg, "scope");
    rq.secret_file = or_config(rq.secret_file, &so.cfg, "client_secret_file");
    rq.supplier_key_file = or_config(rq.supplier_key_file, &so.cfg, "supplier_key_file");
    rq.ca_file = or_config(rq.ca_file, &so.cfg, "ca_file");
    if (rq.attempts <= 0)
        rq.attempts = 3;
    if (!rq.state_dir) {
        dir = xstrdup(rq.payload);
        rq.state_dir = dirname(dir);
    }
    st = csc_send(&rq);
out:
    free(dir);
    shared_options_release(&so);
    return st;
}
