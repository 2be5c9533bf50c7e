/*
 * HTTPS POST for the CSC API sender: our own narrow interface over
 * libcurl, so nothing else includes curl/curl.h.
 *
 * TLS verification is always on (peer and host name); an extra CA file
 * (ca_file) adds trust, it never removes checks.  Only https:// URLs are
 * accepted.  Proxies come from the environment as libcurl reads it
 * (https_proxy, no_proxy), so a council's proxy works without options.
 */
#ifndef STATRETURN_IO_HTTP_H
#define STATRETURN_IO_HTTP_H

#include <stddef.h>

#include "core/strbuf.h"

struct http_request {
    const char *url;
    const char *const *headers;   /* "Name: value", NULL-terminated; may be NULL */
    const char *body;
    size_t body_len;
    const char *ca_file;          /* NULL: the system's trust store */
    long timeout_s;               /* 0: 120 */
    const char *user_agent;
};

struct http_response {
    long status;                  /* HTTP status */
    long retry_after_s;           /* Retry-After in seconds, -1 when absent */
    struct strbuf body;           /* at most 1 MiB kept */
};

/* One-time set-up and tear-down of the library (call from the command). */
int http_global_init(void);
void http_global_cleanup(void);

void http_response_init(struct http_response *r);
void http_response_release(struct http_response *r);

/* A client: one connection (kept alive between requests, to each host
 * it talks to) and its TLS session.  NULL when libcurl cannot start one. */
struct http_client;
struct http_client *http_client_new(void);
void http_client_free(struct http_client *hc);

/* POSTs the request.  0 with a response (any status); -1 when none came
 * (connection, TLS, timeout), with the reason in err (no body, no header
 * values: they hold secrets). */
int http_post(struct http_client *hc, const struct http_request *rq, struct http_response *rs, struct strbuf *err);

/* Form-encodes value (application/x-www-form-urlencoded) onto out. */
void http_form_escape(struct strbuf *out, const char *value);

#endif
