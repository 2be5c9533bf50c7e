/*
 * `statreturn send csc-api`: posts a built payload to DfE's CSC API.
 *
 *   state store (must exist: the build made it) and the plan
 *   --> for each batch (one line of the payload): passed over when DfE has
 *       already acknowledged every record in it (a rerun after a failure)
 *   --> an OAuth2 client-credentials token (fetched when first needed,
 *       again before it expires (expires_in) and after a 401), the
 *       SupplierKey header, HTTPS with verification, one connection
 *   --> 2xx: receipts per child (a JSON list with one per record, or one
 *       receipt for the batch), journalled before the next batch;
 *       401: a new token; 403, 429 (after Retry-After), 5xx and no answer:
 *       wait, doubling, and try again, up to --attempts in all;
 *       400: the records whose indexes the body names ("[3]") are refused
 *       and journalled as such, the others are sent again without them
 *   --> the store rewritten atomically at the end (or after a failure).
 *
 * Nothing is marked sent that DfE did not acknowledge: a batch that fails
 * leaves its children as they were, and the next build sends them again.
 * Secrets (the client secret, the subscription key) come from files only
 * their owner can read, or from systemd credentials; they are never logged.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/id_set.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "io/http.h"
#include "io/json.h"
#include "returns/cscapi/csc_api.h"

struct plan_rec {
    size_t batch;
    char *id, *action, *hash;
};

struct sender {
    const struct csc_send_request *rq;
    struct csc_state state;
    struct plan_rec *plan;
    size_t n_plan, cap_plan;
    char *secret, *supplier_key;
    struct strbuf token, url, receipts_path;
    long long token_renew_ms;     /* monotonic time to fetch a new token; 0: never (no expires_in) */
    FILE *receipts;
    struct http_client *http;     /* one connection for the whole run */
    size_t sent, skipped, refused, batches_posted;
    struct id_set *done;
};

/* A secret from path (or the systemd credential `cred`): the first line,
 * refused when group or others may read the file. */
static char *read_secret(const char *path, const char *cred, const char *what, enum sr_status *st)
{
    struct strbuf p = STRBUF_INIT, v = STRBUF_INIT;
    const char *dir = getenv("CREDENTIALS_DIRECTORY");
    struct stat sb;
    char buf[4096];
    char *out = NULL;

    if (path)
        strbuf_addstr(&p, path);
    else if (dir)
        strbuf_addf(&p, "%s/%s", dir, cred);
    else {
        sr_error("no %s: give its file (mode 0600) or a systemd credential '%s'", what, cred);
        goto fail;
    }
    FILE *f = fopen(p.buf, "r");
    if (!f || fstat(fileno(f), &sb) != 0) {
        sr_error("cannot read the %s file '%s': %s", what, p.buf, strerror(errno));
        if (f)
            fclose(f);
        goto fail;
    }
    if (!S_ISREG(sb.st_mode) || (path && (sb.st_mode & 077))) {
        sr_error("the %s file '%s' must be a regular file that only its owner can read (chmod 600)", what, p.buf);
        fclose(f);
        goto fail;
    }
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    buf[strcspn(buf, "\r\n")] = '\0';
    if (!*buf) {
        sr_error("the %s file '%s' is empty", what, p.buf);
        goto fail;
    }
    out = xstrdup(buf);
    memset(buf, 0, sizeof buf);
    strbuf_release(&p);
    strbuf_release(&v);
    return out;
fail:
    *st = SR_CONFIG;
    strbuf_release(&p);
    strbuf_release(&v);
    return NULL;
}

static enum sr_status read_plan(struct sender *s, const char *path)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    enum sr_status st = SR_OK;

    if (!f) {
        sr_error("cannot read the plan '%s' (built with the payload): %s", path, strerror(errno));
        return SR_INPUT;
    }
    while (getline(&line, &cap, f) > 0) {
        char *w[5], *pos = line;
        size_t n = 0;
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        while (n < 5 && (w[n] = strsep(&pos, "\t")))
            n++;
        if (n != 5 || strlen(w[4]) != 64) {
            sr_error("%s:%u: not a line of a CSC API plan", path, lineno);
            st = SR_INPUT;
            break;
        }
        ALLOC_GROW(s->plan, s->n_plan, s->cap_plan);
        s->plan[s->n_plan++] = (struct plan_rec){ strtoul(w[0], NULL, 10), xstrdup(w[2]), xstrdup(w[3]),
                                                  xstrdup(w[4]) };
    }
    free(line);
    fclose(f);
    return st;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* When to fetch a new token, from the answer's expires_in (seconds, as a
 * number or a string): a fifth of its life early, at most a minute, so
 * that a batch never goes out with a token about to expire; 0 (keep it
 * until a 401) when the answer does not say. */
static long long renew_at(const struct jv *doc)
{
    const struct jv *e = jv_get(doc, "expires_in");
    long long secs = 0;
    if (e && (e->type == JV_INT || e->type == JV_NUMBER))
        secs = (long long)e->num;
    else if (e && e->type == JV_STRING)
        secs = strtoll(e->s, NULL, 10);
    if (secs <= 0)
        return 0;
    long long life = secs * 1000, early = life / 5 < 60000 ? life / 5 : 60000;
    return now_ms() + life - early;
}

static bool token_due(const struct sender *s)
{
    return !s->token.len || (s->token_renew_ms && now_ms() >= s->token_renew_ms);
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* A fresh access token into s->token.  SR_OK, or why not. */
static enum sr_status get_token(struct sender *s)
{
    const struct csc_send_request *rq = s->rq;
    struct strbuf form = STRBUF_INIT, err = STRBUF_INIT;
    struct http_response rs;
    struct arena a = ARENA_INIT;
    enum sr_status st = SR_DELIVERY;
    static const char *const headers[] = { "Content-Type: application/x-www-form-urlencoded",
                                           "Accept: application/json", NULL };

    http_response_init(&rs);
    strbuf_addstr(&form, "grant_type=client_credentials&client_id=");
    http_form_escape(&form, rq->client_id);
    strbuf_addstr(&form, "&client_secret=");
    http_form_escape(&form, s->secret);
    strbuf_addstr(&form, "&scope=");
    http_form_escape(&form, rq->scope);
    const struct http_request hr = { rq->token_url, headers, form.buf, form.len, rq->ca_file, 60, "statreturn" };
    if (http_post(s->http, &hr, &rs, &err) != 0) {
        sr_error("cannot reach the token endpoint: %s", err.buf);
    } else if (rs.status != 200) {
        sr_error("the token endpoint refused the client credentials (HTTP %ld)", rs.status);
        st = rs.status == 400 || rs.status == 401 || rs.status == 403 ? SR_CONFIG : SR_DELIVERY;
    } else {
        struct jv *doc = jv_parse(&a, rs.body.buf, rs.body.len, &err);
        struct jv *tok = jv_get(doc, "access_token");
        if (!tok || tok->type != JV_STRING || !*tok->s) {
            sr_error("the token endpoint's answer has no access_token");
        } else {
            strbuf_reset(&s->token);
            strbuf_addstr(&s->token, tok->s);
            s->token_renew_ms = renew_at(doc);
            st = SR_OK;
        }
    }
    memset(form.buf, 0, form.len);
    strbuf_release(&form);
    strbuf_release(&err);
    http_response_release(&rs);
    arena_release(&a);
    return st;
}

/* The indexes a 400 body names ("[3]"), as flags over n records. */
static size_t blamed_indexes(const char *body, bool *blamed, size_t n)
{
    size_t count = 0;
    for (const char *p = body; (p = strchr(p, '[')); p++) {
        char *end;
        unsigned long i = strtoul(p + 1, &end, 10);
        if (end != p + 1 && *end == ']' && i < n && !blamed[i]) {
            blamed[i] = true;
            count++;
        }
    }
    return count;
}

static void log_receipt(struct sender *s, size_t batch, const struct plan_rec *r, const char *status, long http,
                        const char *receipt)
{
    if (s->receipts)
        fprintf(s->receipts, "%zu\t%s\t%s\t%s\t%ld\t%s\n", batch, r->id, r->action, status, http,
                receipt && *receipt ? receipt : "-");
}

/* Journals the outcome of records recs[0..n) (those with skip unset). */
static enum sr_status journal(struct sender *s, struct plan_rec **recs, size_t n, const bool *skip,
                              const char *const *receipts, bool accepted, size_t batch, long http)
{
    struct csc_outcome *o = xcalloc(n ? n : 1, sizeof *o);
    size_t k = 0;
    char err[1024];

    for (size_t i = 0; i < n; i++) {
        if (skip && skip[i])
            continue;
        const char *status = !accepted ? "rejected" : !strcmp(recs[i]->action, "purge") ? "purged" : "accepted";
        o[k++] = (struct csc_outcome){ recs[i]->id, recs[i]->hash, status, receipts ? receipts[i] : NULL };
        log_receipt(s, batch, recs[i], status, http, receipts ? receipts[i] : NULL);
        if (accepted)
            s->sent++;
        else
            s->refused++;
    }
    int r = csc_state_journal(&s->state, o, k, err, sizeof err);
    free(o);
    if (r != 0) {
        sr_error("%s", err);
        return SR_OUTPUT;
    }
    if (s->receipts)
        fflush(s->receipts);
    return SR_OK;
}

/* Receipts of a 2xx answer: one per record, or one for the batch.  False
 * when a list does not match the records. */
static bool parse_receipts(struct arena *a, const struct strbuf *body, size_t n, const char **out)
{
    struct strbuf err = STRBUF_INIT;
    struct jv *doc = body->len ? jv_parse(a, body->buf, body->len, &err) : NULL;
    bool ok = true;

    strbuf_release(&err);
    for (size_t i = 0; i < n; i++)
        out[i] = NULL;
    if (doc && doc->type == JV_STRING) {
        for (size_t i = 0; i < n; i++)
            out[i] = doc->s;
    } else if (doc && doc->type == JV_ARRAY) {
        if (doc->n != n)
            return false;
        for (size_t i = 0; i < n; i++)
            out[i] = doc->items[i]->type == JV_STRING ? doc->items[i]->s : NULL;
    }
    return ok;
}

/* The body of the records not blamed. */
static void rebuild_body(struct strbuf *out, const struct jv *arr, const bool *drop)
{
    bool first = true;
    strbuf_reset(out);
    strbuf_addch(out, '[');
    for (size_t i = 0; i < arr->n; i++) {
        if (drop[i])
            continue;
        if (!first)
            strbuf_addch(out, ',');
        first = false;
        jv_write(out, arr->items[i], NULL);
    }
    strbuf_addch(out, ']');
}

/* What one HTTP answer means for the batch. */
enum verdict { V_DONE, V_RETRY, V_NEW_TOKEN, V_FAIL };

struct batch {
    size_t no, n;                 /* batch number (payload line), records */
    struct plan_rec **recs;
    const struct jv *arr;
    size_t *live;                 /* original index of each record still in the body */
    size_t n_live;
    bool refused;
};

/* A 400: the records it names are refused (journalled), the rest go again. */
static enum verdict on_400(struct sender *s, struct batch *bt, const struct http_response *rs, struct strbuf *body)
{
    bool *blame = xcalloc(bt->n_live ? bt->n_live : 1, sizeof *blame);
    bool *drop = xcalloc(bt->n, sizeof *drop);
    size_t k = blamed_indexes(rs->body.buf, blame, bt->n_live), m = 0;
    enum verdict v = V_RETRY;

    for (size_t i = 0; i < bt->n_live; i++)
        if (!k || blame[i])
            drop[bt->live[i]] = true;
    for (size_t i = 0; i < bt->n; i++)
        if (drop[i])
            sr_warn("batch %zu: DfE refused the record of child %s (index %zu)", bt->no, bt->recs[i]->id, i);
    bool *keep = xcalloc(bt->n, sizeof *keep);
    for (size_t i = 0; i < bt->n; i++)
        keep[i] = !drop[i];
    if (journal(s, bt->recs, bt->n, keep, NULL, false, bt->no, rs->status) != SR_OK)
        v = V_FAIL;
    for (size_t i = 0; i < bt->n_live; i++)
        if (!drop[bt->live[i]])
            bt->live[m++] = bt->live[i];
    bt->n_live = m;
    bt->refused = true;
    if (!m && v == V_RETRY)
        v = V_DONE;
    /* the body without every record refused so far */
    for (size_t i = 0; i < bt->n; i++)
        drop[i] = true;
    for (size_t i = 0; i < bt->n_live; i++)
        drop[bt->live[i]] = false;
    rebuild_body(body, bt->arr, drop);
    free(keep);
    free(drop);
    free(blame);
    return v;
}

static enum verdict on_2xx(struct sender *s, struct batch *bt, const struct http_response *rs)
{
    struct arena a = ARENA_INIT;
    const char **rcpt = xcalloc(bt->n_live ? bt->n_live : 1, sizeof *rcpt);
    const char **by_rec = xcalloc(bt->n, sizeof *by_rec);
    bool *skip = xcalloc(bt->n, sizeof *skip);
    enum verdict v = V_DONE;

    if (!parse_receipts(&a, &rs->body, bt->n_live, rcpt)) {
        sr_error("batch %zu: DfE's receipt lists a different number of records than were sent; the batch is not "
                 "marked as sent", bt->no);
        v = V_FAIL;
    } else {
        for (size_t i = 0; i < bt->n; i++)
            skip[i] = true;
        for (size_t i = 0; i < bt->n_live; i++) {
            skip[bt->live[i]] = false;
            by_rec[bt->live[i]] = rcpt[i];
        }
        if (journal(s, bt->recs, bt->n, skip, by_rec, true, bt->no, rs->status) != SR_OK)
            v = V_FAIL;
    }
    free(skip);
    free(by_rec);
    free(rcpt);
    arena_release(&a);
    return v;
}

static enum verdict judge(struct sender *s, struct batch *bt, int got, const struct http_response *rs,
                          struct strbuf *body, const struct strbuf *err)
{
    if (got != 0) {
        sr_warn("batch %zu: no answer from the CSC API: %s", bt->no, err->buf);
        return V_RETRY;
    }
    if (rs->status >= 200 && rs->status < 300)
        return on_2xx(s, bt, rs);
    if (rs->status == 400)
        return on_400(s, bt, rs, body);
    if (rs->status == 401)
        return V_NEW_TOKEN;
    if (rs->status == 403 || rs->status == 429 || rs->status >= 500) {
        sr_warn("batch %zu: HTTP %ld from the CSC API; trying again", bt->no, rs->status);
        return V_RETRY;
    }
    sr_error("batch %zu: HTTP %ld from the CSC API%s; the batch is not marked as sent", bt->no, rs->status,
             rs->status == 413 ? " (too many records)" : "");
    return V_FAIL;
}

/* Posts one batch until DfE acknowledges it, or the attempts run out. */
static enum sr_status post_batch(struct sender *s, struct batch *bt, const char *line)
{
    const struct csc_send_request *rq = s->rq;
    struct strbuf body = STRBUF_INIT, auth = STRBUF_INIT, skey = STRBUF_INIT, err = STRBUF_INIT;
    struct http_response rs;
    long wait = rq->backoff_ms > 0 ? rq->backoff_ms : 5000;
    enum sr_status st = SR_DELIVERY;

    http_response_init(&rs);
    strbuf_addstr(&body, line);
    strbuf_addf(&skey, "SupplierKey: %s", s->supplier_key);
    for (int attempt = 1;; attempt++) {
        if (token_due(s) && (st = get_token(s)) != SR_OK)
            break;
        strbuf_reset(&auth);
        strbuf_addf(&auth, "Authorization: Bearer %s", s->token.buf);
        const char *headers[] = { auth.buf, skey.buf, "Content-Type: application/json", "Accept: application/json",
                                  NULL };
        const struct http_request hr = { s->url.buf, headers, body.buf, body.len, rq->ca_file, 120, "statreturn" };
        strbuf_reset(&err);
        int got = http_post(s->http, &hr, &rs, &err);
        s->batches_posted++;
        enum verdict v = judge(s, bt, got, &rs, &body, &err);
        if (v == V_DONE) {
            st = bt->refused ? SR_REJECTED : SR_OK;
            break;
        }
        st = SR_DELIVERY;
        if (v == V_FAIL || attempt >= rq->attempts) {
            if (v != V_FAIL)
                sr_error("batch %zu: not acknowledged after %d attempts; its children stay unsent", bt->no, attempt);
            break;
        }
        if (v == V_NEW_TOKEN) {
            strbuf_reset(&s->token);
            continue;
        }
        if (v == V_RETRY) {
            long ms = rs.status == 429 && rs.retry_after_s >= 0 ? rs.retry_after_s * 1000 : wait;
            sleep_ms(ms);
            wait = wait * 2 > 30000 ? 30000 : wait * 2;
        }
    }
    memset(skey.buf, 0, skey.len);
    strbuf_release(&body);
    strbuf_release(&auth);
    strbuf_release(&skey);
    strbuf_release(&err);
    http_response_release(&rs);
    return st;
}

/* The records of this payload that earlier sends got acknowledged, from
 * its receipts file ("batch<TAB>id" keys). */
static void read_done(struct sender *s)
{
    FILE *f = fopen(s->receipts_path.buf, "r");
    char *line = NULL;
    size_t cap = 0;

    if (!f)
        return;
    while (getline(&line, &cap, f) > 0) {
        char *w[4], *pos = line;
        size_t n = 0;
        while (n < 4 && (w[n] = strsep(&pos, "\t")))
            n++;
        if (n == 4 && (!strcmp(w[3], "accepted") || !strcmp(w[3], "purged"))) {
            struct strbuf k = STRBUF_INIT;
            strbuf_addf(&k, "%s\t%s", w[0], w[1]);
            id_set_add(s->done, k.buf, 0, 0, NULL, NULL);
            strbuf_release(&k);
        }
    }
    free(line);
    fclose(f);
}

/* Whether an earlier send of this payload got the whole batch through. */
static bool already_done(struct sender *s, const struct batch *bt)
{
    struct strbuf k = STRBUF_INIT;
    bool all = true;
    for (size_t i = 0; i < bt->n && all; i++) {
        strbuf_reset(&k);
        strbuf_addf(&k, "%zu\t%s", bt->no, bt->recs[i]->id);
        all = id_set_add(s->done, k.buf, 0, 0, NULL, NULL);
    }
    strbuf_release(&k);
    return all && bt->n;
}

/* Every batch of the payload, in order; stops at the first that cannot be
 * delivered (the service is down: the rest would fail too). */
static enum sr_status send_all(struct sender *s, FILE *in)
{
    char *line = NULL;
    size_t cap = 0, next = 0, no = 0;
    ssize_t len;
    enum sr_status worst = SR_OK;
    struct strbuf err = STRBUF_INIT;

    while ((len = getline(&line, &cap, in)) > 0) {
        struct arena a = ARENA_INIT;
        struct batch bt = { .no = ++no };
        enum sr_status st = SR_OK;
        strbuf_reset(&err);
        bt.arr = jv_parse(&a, line, (size_t)len, &err);
        if (!bt.arr || bt.arr->type != JV_ARRAY || next + bt.arr->n > s->n_plan) {
            sr_error("%s: batch %zu is not a JSON array the plan describes%s%s", s->rq->payload, no,
                     err.len ? ": " : "", err.buf);
            st = SR_INPUT;
        } else {
            bt.n = bt.arr->n;
            bt.recs = xcalloc(bt.n ? bt.n : 1, sizeof *bt.recs);
            bt.live = xcalloc(bt.n ? bt.n : 1, sizeof *bt.live);
            for (size_t i = 0; i < bt.n; i++) {
                bt.recs[i] = &s->plan[next + i];
                bt.live[i] = i;
                if (bt.recs[i]->batch != no)
                    st = SR_INPUT;
            }
            bt.n_live = bt.n;
            next += bt.n;
            if (st != SR_OK)
                sr_error("%s: batch %zu does not match its plan", s->rq->payload, no);
            else if (already_done(s, &bt))
                s->skipped += bt.n;
            else if (s->rq->dry_run)
                sr_info("dry run: batch %zu, %zu record%s, would be posted", no, bt.n, bt.n == 1 ? "" : "s");
            else
                st = post_batch(s, &bt, line);
            free(bt.recs);
            free(bt.live);
        }
        arena_release(&a);
        if (st == SR_REJECTED)
            worst = SR_REJECTED;
        else if (st != SR_OK) {
            worst = st;
            break;
        }
    }
    free(line);
    strbuf_release(&err);
    return worst;
}

static enum sr_status check_request(const struct csc_send_request *rq)
{
    const char *missing = !rq->api_url ? "--api-url (csc_api.api_url)" : !rq->token_url ? "--token-url (csc_api.token_url)"
                        : !rq->client_id ? "--client-id (csc_api.client_id)" : !rq->scope ? "--scope (csc_api.scope)"
                        : NULL;
    if (missing) {
        sr_error("send csc-api needs %s", missing);
        return SR_USAGE;
    }
    if (strncmp(rq->api_url, "https://", 8) || strncmp(rq->token_url, "https://", 8)) {
        sr_error("the CSC API and token URLs must be https:// (TLS is always verified)");
        return SR_USAGE;
    }
    return SR_OK;
}

static enum sr_status open_sender(struct sender *s)
{
    const struct csc_send_request *rq = s->rq;
    struct strbuf plan = STRBUF_INIT;
    enum sr_status st = SR_OK;
    char err[1024];
    size_t n = strlen(rq->payload);

    if (n < 7 || strcmp(rq->payload + n - 6, ".jsonl")) {
        sr_error("'%s' is not a CSC API payload (csc_api_RUN_LA.jsonl, from build csc-api)", rq->payload);
        return SR_USAGE;
    }
    if (!(s->secret = read_secret(rq->secret_file, "csc-api-client-secret", "client secret", &st))
        || !(s->supplier_key = read_secret(rq->supplier_key_file, "csc-api-supplier-key", "subscription key", &st)))
        return st;
    if (csc_state_open(&s->state, rq->state_dir, rq->la, false, err, sizeof err) != 0) {
        sr_error("%s", err);
        return SR_CONFIG;
    }
    strbuf_addf(&plan, "%.*s_plan.tsv", (int)(n - 6), rq->payload);
    st = read_plan(s, plan.buf);
    strbuf_addf(&s->receipts_path, "%.*s_receipts.tsv", (int)(n - 6), rq->payload);
    s->done = id_set_new();
    read_done(s);
    strbuf_addf(&s->url, "%s%schildren_social_care_data/%s/children", rq->api_url,
                rq->api_url[strlen(rq->api_url) - 1] == '/' ? "" : "/", rq->la);
    strbuf_release(&plan);
    return st;
}

static void close_sender(struct sender *s)
{
    if (s->secret)
        memset(s->secret, 0, strlen(s->secret));
    if (s->supplier_key)
        memset(s->supplier_key, 0, strlen(s->supplier_key));
    free(s->secret);
    free(s->supplier_key);
    for (size_t i = 0; i < s->n_plan; i++) {
        free(s->plan[i].id);
        free(s->plan[i].action);
        free(s->plan[i].hash);
    }
    free(s->plan);
    if (s->receipts)
        fclose(s->receipts);
    http_client_free(s->http);
    csc_state_release(&s->state);
    if (s->done)
        id_set_free(s->done);
    strbuf_release(&s->token);
    strbuf_release(&s->url);
    strbuf_release(&s->receipts_path);
}

enum sr_status csc_send(const struct csc_send_request *rq)
{
    struct sender s = { .rq = rq, .token = STRBUF_INIT, .url = STRBUF_INIT, .receipts_path = STRBUF_INIT };
    enum sr_status st;
    char err[1024];
    FILE *in = NULL;

    if ((st = check_request(rq)) != SR_OK || (st = open_sender(&s)) != SR_OK)
        goto out;
    if (!(in = fopen(rq->payload, "r"))) {
        sr_error("cannot read the payload '%s': %s", rq->payload, strerror(errno));
        st = SR_INPUT;
        goto out;
    }
    if (!rq->dry_run) {
        int fd = open(s.receipts_path.buf, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd < 0 || !(s.receipts = fdopen(fd, "a"))) {
            sr_error("cannot write the receipts '%s': %s", s.receipts_path.buf, strerror(errno));
            st = SR_OUTPUT;
            goto out;
        }
        if (http_global_init() != 0 || !(s.http = http_client_new())) {
            sr_error("cannot start the HTTP client (libcurl)");
            st = SR_INTERNAL;
            goto out;
        }
    }
    st = send_all(&s, in);
    if (!rq->dry_run) {
        http_client_free(s.http);
        s.http = NULL;
        http_global_cleanup();
        if (csc_state_save(&s.state, err, sizeof err) != 0) {
            sr_error("%s", err);
            st = SR_OUTPUT;
        }
    }
    sr_info("%s%zu record%s acknowledged, %zu refused, %zu already acknowledged before (not sent again)",
            rq->dry_run ? "dry run (nothing posted): " : "", s.sent, s.sent == 1 ? "" : "s", s.refused, s.skipped);
    if (!rq->dry_run)
        sr_info("  receipts %s", s.receipts_path.buf);
out:
    if (in)
        fclose(in);
    close_sender(&s);
    return st;
}
