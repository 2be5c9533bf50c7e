/*
 * HTTPS POST over libcurl; see include/io/http.h.  One easy handle per
 * client, reused: libcurl keeps its connection open between requests
 * (keep-alive) and resumes the TLS session, so a run of a few hundred
 * batches makes one connection, not one each.
 */
#include <ctype.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "io/http.h"

#define HTTP_MAX_BODY (1u << 20)

int http_global_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void http_global_cleanup(void)
{
    curl_global_cleanup();
}

void http_response_init(struct http_response *r)
{
    r->status = 0;
    r->retry_after_s = -1;
    strbuf_init(&r->body, 0);
}

void http_response_release(struct http_response *r)
{
    strbuf_release(&r->body);
}

static size_t on_body(char *data, size_t size, size_t n, void *opaque)
{
    struct strbuf *sb = opaque;
    size_t len = size * n;
    if (sb->len < HTTP_MAX_BODY)
        strbuf_add(sb, data, len < HTTP_MAX_BODY - sb->len ? len : HTTP_MAX_BODY - sb->len);
    return len;
}

struct http_client {
    CURL *handle;
};

struct http_client *http_client_new(void)
{
    struct http_client *hc = calloc(1, sizeof *hc);
    if (hc && !(hc->handle = curl_easy_init())) {
        free(hc);
        hc = NULL;
    }
    return hc;
}

void http_client_free(struct http_client *hc)
{
    if (!hc)
        return;
    curl_easy_cleanup(hc->handle);
    free(hc);
}

int http_post(struct http_client *hc, const struct http_request *rq, struct http_response *rs, struct strbuf *err)
{
    CURL *c = hc->handle;
    struct curl_slist *hl = NULL;
    char ebuf[CURL_ERROR_SIZE] = "";
    int rc = -1;

    strbuf_reset(&rs->body);
    rs->status = 0;
    rs->retry_after_s = -1;
    /* Every option of the last request goes; its connection (and TLS
     * session) stays in the handle's cache for the next. */
    curl_easy_reset(c);
    for (size_t i = 0; rq->headers && rq->headers[i]; i++)
        hl = curl_slist_append(hl, rq->headers[i]);
    curl_easy_setopt(c, CURLOPT_URL, rq->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (rq->ca_file)
        curl_easy_setopt(c, CURLOPT_CAINFO, rq->ca_file);
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)rq->body_len);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_USERAGENT, rq->user_agent ? rq->user_agent : "statreturn");
    curl_easy_setopt(c, CURLOPT_TIMEOUT, rq->timeout_s > 0 ? rq->timeout_s : 120L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &rs->body);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
    CURLcode cc = curl_easy_perform(c);
    if (cc != CURLE_OK) {
        strbuf_addf(err, "%s", ebuf[0] ? ebuf : curl_easy_strerror(cc));
    } else {
        curl_off_t ra = -1;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &rs->status);
        if (curl_easy_getinfo(c, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK && ra > 0)
            rs->retry_after_s = (long)ra;
        rc = 0;
    }
    /* the handle must not keep pointers to what is freed now */
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);
    curl_slist_free_all(hl);
    return rc;
}

void http_form_escape(struct strbuf *out, const char *value)
{
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        if (isalnum(*p) || strchr("-._~", *p))
            strbuf_addch(out, *p);
        else if (*p == ' ')
            strbuf_addch(out, '+');
        else
            strbuf_addf(out, "%%%02X", *p);
    }
}
