#include "CCurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

// The libcurl entry points, resolved once by kith_curl_load under `once` and never changed
// afterwards, so reading them from any thread after a successful load is safe.
static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded = 0;
static char load_error[256] = "libcurl was not loaded";

#define RESOLVE(handle, field, name)                                                      \
    do {                                                                                  \
        *(void **)(&api.field) = dlsym(handle, name);                                     \
        if (api.field == NULL) {                                                          \
            snprintf(load_error, sizeof load_error, "libcurl has no symbol %s", name);    \
            return;                                                                       \
        }                                                                                 \
    } while (0)

static void load(void) {
    void *handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(load_error, sizeof load_error, "cannot load libcurl: %s", reason ? reason : "unknown error");
        return;
    }
    RESOLVE(handle, global_init, "curl_global_init");
    RESOLVE(handle, easy_init, "curl_easy_init");
    RESOLVE(handle, easy_cleanup, "curl_easy_cleanup");
    RESOLVE(handle, easy_reset, "curl_easy_reset");
    RESOLVE(handle, easy_perform, "curl_easy_perform");
    RESOLVE(handle, easy_strerror, "curl_easy_strerror");
    RESOLVE(handle, slist_append, "curl_slist_append");
    RESOLVE(handle, slist_free_all, "curl_slist_free_all");
    RESOLVE(handle, easy_setopt, "curl_easy_setopt");
    RESOLVE(handle, easy_getinfo, "curl_easy_getinfo");
    if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "curl_global_init failed");
        api.easy_init = NULL;
        return;
    }
    loaded = 1;
}

int kith_curl_load(char *error, size_t length) {
    pthread_once(&once, load);
    if (loaded) return 0;
    if (error != NULL && length > 0) snprintf(error, length, "%s", load_error);
    return -1;
}

CURL *kith_curl_easy_init(void) { return api.easy_init ? api.easy_init() : NULL; }
void kith_curl_easy_cleanup(CURL *handle) { api.easy_cleanup(handle); }
void kith_curl_easy_reset(CURL *handle) { api.easy_reset(handle); }
CURLcode kith_curl_easy_perform(CURL *handle) { return api.easy_perform(handle); }
const char *kith_curl_easy_strerror(CURLcode code) { return api.easy_strerror(code); }

struct curl_slist *kith_curl_slist_append(struct curl_slist *list, const char *value) {
    return api.slist_append(list, value);
}

void kith_curl_slist_free_all(struct curl_slist *list) { api.slist_free_all(list); }

CURLcode kith_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return api.easy_setopt(handle, option, value);
}

CURLcode kith_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return api.easy_setopt(handle, option, value);
}

CURLcode kith_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return api.easy_setopt(handle, option, value);
}

CURLcode kith_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return api.easy_setopt(handle, option, value);
}

CURLcode kith_curl_setopt_read_function(CURL *handle, kith_curl_read_callback callback) {
    return api.easy_setopt(handle, CURLOPT_READFUNCTION, callback);
}

CURLcode kith_curl_setopt_debug_function(CURL *handle, kith_curl_debug_callback callback) {
    return api.easy_setopt(handle, CURLOPT_DEBUGFUNCTION, callback);
}

CURLcode kith_curl_setopt_write_function(CURL *handle, kith_curl_write_callback callback) {
    return api.easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

CURLcode kith_curl_setopt_header_function(CURL *handle, kith_curl_write_callback callback) {
    return api.easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}

CURLcode kith_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return api.easy_getinfo(handle, info, value);
}

// libidn2, resolved once under `idn_once` and never changed afterwards.
static struct {
    int (*to_ascii_8z)(const char *, char **, int);
    void (*free)(void *);
} idn;
static pthread_once_t idn_once = PTHREAD_ONCE_INIT;

static void load_idn(void) {
    void *handle = dlopen("libidn2.so.0", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) return;
    void *convert = dlsym(handle, "idn2_to_ascii_8z");
    void *release = dlsym(handle, "idn2_free");
    if (convert == NULL || release == NULL) return;
    *(void **)(&idn.free) = release;
    *(void **)(&idn.to_ascii_8z) = convert;
}

int kith_idn_to_ascii(const char *input, char *output, size_t length) {
    pthread_once(&idn_once, load_idn);
    if (idn.to_ascii_8z == NULL || length == 0) return -1;
    char *converted = NULL;
    // IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL
    if (idn.to_ascii_8z(input, &converted, 1 | 8) != 0 || converted == NULL) return -1;
    size_t size = strlen(converted);
    int status = -1;
    if (size < length) {
        memcpy(output, converted, size + 1);
        status = 0;
    }
    idn.free(converted);
    return status;
}
