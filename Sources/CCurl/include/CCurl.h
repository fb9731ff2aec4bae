// libcurl for kith, loaded on first use with dlopen(3) so that a process that never sends mail
// (the idle daemon, `kith due`) never maps libcurl and its TLS stack. Every call goes through a
// typed wrapper prefixed `kith_curl_`; the variadic setopt/getinfo get one wrapper per argument
// type, since Swift cannot call variadic C functions.
#ifndef KITH_CCURL_H
#define KITH_CCURL_H

#include <stddef.h>
#include <curl/curl.h>

typedef size_t (*kith_curl_read_callback)(char *buffer, size_t size, size_t count, void *context);
typedef size_t (*kith_curl_write_callback)(char *data, size_t size, size_t count, void *context);
typedef int (*kith_curl_debug_callback)(CURL *handle, curl_infotype type, char *data, size_t size, void *context);

/// Loads libcurl and runs curl_global_init once. Returns 0 on success; otherwise writes the
/// reason into `error` (at most `length` bytes, NUL-terminated) and returns -1. Thread-safe.
int kith_curl_load(char *error, size_t length);

CURL *kith_curl_easy_init(void);
void kith_curl_easy_cleanup(CURL *handle);
void kith_curl_easy_reset(CURL *handle);
CURLcode kith_curl_easy_perform(CURL *handle);
const char *kith_curl_easy_strerror(CURLcode code);
struct curl_slist *kith_curl_slist_append(struct curl_slist *list, const char *value);
void kith_curl_slist_free_all(struct curl_slist *list);

CURLcode kith_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode kith_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode kith_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode kith_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode kith_curl_setopt_read_function(CURL *handle, kith_curl_read_callback callback);
CURLcode kith_curl_setopt_debug_function(CURL *handle, kith_curl_debug_callback callback);
CURLcode kith_curl_setopt_write_function(CURL *handle, kith_curl_write_callback callback);
CURLcode kith_curl_setopt_header_function(CURL *handle, kith_curl_write_callback callback);

CURLcode kith_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);

/// Converts an internationalised domain name (UTF-8) to its ASCII form (IDNA 2008, UTS #46
/// non-transitional, NFC input) with libidn2, loaded on first use like libcurl, which already
/// depends on it. Returns 0 and writes a NUL-terminated name into `output` on success; -1 when
/// the name cannot be converted, libidn2 is missing, or the result does not fit in `length`.
int kith_idn_to_ascii(const char *input, char *output, size_t length);

#endif
