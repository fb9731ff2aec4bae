// Typed wrappers around libcurl's variadic calls, which Swift cannot call directly.
// Every symbol here is prefixed `kith_curl_`; each wrapper passes exactly one argument of
// the type the option documents.
#ifndef KITH_CCURL_H
#define KITH_CCURL_H

#include <curl/curl.h>

typedef size_t (*kith_curl_read_callback)(char *buffer, size_t size, size_t count, void *context);
typedef int (*kith_curl_debug_callback)(CURL *handle, curl_infotype type, char *data, size_t size, void *context);

CURLcode kith_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode kith_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode kith_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode kith_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode kith_curl_setopt_read_function(CURL *handle, kith_curl_read_callback callback);
CURLcode kith_curl_setopt_debug_function(CURL *handle, kith_curl_debug_callback callback);

CURLcode kith_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);

#endif
