/*
 * How the stub reads a process's command line: just enough of cmd.exe for lifecycle tests, included by hcsstub.c.
 *
 * The CommandLine of the process parameters is split into commands at '&' and ';' (cmd's "a& b", and the contract's
 * POSIX "sh -c 'a; b'"), each read for one of:
 *   echo TEXT     prints TEXT and CRLF; %NAME% is the process's Environment value (%USERNAME% its User), and an
 *                 undefined %NAME% stays as written, as cmd leaves it
 *   exit N        exits with N at that point
 *   ping -n N     pauses N-1 seconds (the usual cmd idiom for a sleep)
 *   ping -t       runs until terminated
 *   flood N       prints N bytes of 'y' and then "END"
 * A command line none of whose commands is one of these runs until terminated; otherwise the process exits 0 after
 * its last command. An executable whose name contains "no-such" does not exist: HcsCreateProcess fails with
 * ERROR_FILE_NOT_FOUND, as CreateProcess does.
 */
#include <limits.h>
#include <strings.h>

#define PLAN_MAX_CHUNKS 32

typedef struct {
    char *output;
    size_t length;
    int chunks;
    /* output[0..chunk_end[i]) has been printed chunk_at_ms[i] after the start */
    size_t chunk_end[PLAN_MAX_CHUNKS];
    long chunk_at_ms[PLAN_MAX_CHUNKS];
    /* when it exits, after the start; -1 runs until terminated */
    long ends_at_ms;
    int exit_code;
    int missing;
} plan_t;

/* The JSON string value of "key" in document, unescaped (\" and \\ only), or NULL. */
static char *json_string(const char *document, const char *from, const char *key)
{
    char pattern[128];
    snprintf(pattern, sizeof(pattern), "\"%s\":\"", key);
    const char *start = strstr(from == NULL ? document : from, pattern);
    if (start == NULL) {
        return NULL;
    }
    start += strlen(pattern);
    char *value = malloc(strlen(start) + 1);
    size_t n = 0;
    for (const char *c = start; *c != 0 && *c != '"'; c++) {
        if (*c == '\\' && (c[1] == '"' || c[1] == '\\')) {
            c++;
        }
        value[n++] = *c;
    }
    value[n] = 0;
    return value;
}

/* The value %name% expands to in the process, or NULL when cmd would leave it as written. */
static char *variable(const char *parameters, const char *name)
{
    if (strcasecmp(name, "USERNAME") == 0) {
        return json_string(parameters, NULL, "User");
    }
    const char *environment = strstr(parameters, "\"Environment\":{");
    return environment == NULL ? NULL : json_string(parameters, environment, name);
}

static void append(plan_t *plan, const char *text, size_t length, long at_ms)
{
    plan->output = realloc(plan->output, plan->length + length + 1);
    memcpy(plan->output + plan->length, text, length);
    plan->length += length;
    plan->output[plan->length] = 0;
    if (plan->chunks > 0 && plan->chunk_at_ms[plan->chunks - 1] == at_ms) {
        plan->chunk_end[plan->chunks - 1] = plan->length;
    }
    else if (plan->chunks < PLAN_MAX_CHUNKS) {
        plan->chunk_end[plan->chunks] = plan->length;
        plan->chunk_at_ms[plan->chunks++] = at_ms;
    }
    else {
        plan->chunk_end[plan->chunks - 1] = plan->length;
    }
}

static void echo(plan_t *plan, const char *parameters, const char *text, long at_ms)
{
    size_t length = strlen(text);
    while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == '"' || text[length - 1] == '\'')) {
        length--;
    }
    for (size_t i = 0; i < length; i++) {
        const char *close = text[i] == '%' ? memchr(text + i + 1, '%', length - i - 1) : NULL;
        if (close != NULL && close > text + i + 1) {
            char *name = strndup(text + i + 1, (size_t) (close - text - i - 1));
            char *value = variable(parameters, name);
            free(name);
            if (value != NULL) {
                append(plan, value, strlen(value), at_ms);
                free(value);
                i = (size_t) (close - text);
                continue;
            }
        }
        append(plan, text + i, 1, at_ms);
    }
    append(plan, "\r\n", 2, at_ms);
}

static plan_t plan_of(const char *parameters)
{
    plan_t plan = {0};
    plan.ends_at_ms = -1;
    char *command = json_string(parameters, NULL, "CommandLine");
    if (command == NULL) {
        return plan;
    }
    size_t executable = strcspn(command, " ");
    char *first = strndup(command, executable);
    plan.missing = strstr(first, "no-such") != NULL;
    free(first);
    long at = 0;
    int recognised = 0;
    int forever = 0;
    for (char *segment = command; segment != NULL && !forever;) {
        size_t span = strcspn(segment, "&;");
        char *next = segment[span] == 0 ? NULL : segment + span + 1;
        segment[span] = 0;
        const char *found;
        if ((found = strstr(segment, "flood ")) != NULL) {
            size_t count = strtoul(found + 6, NULL, 10);
            char *text = malloc(count + 3);
            memset(text, 'y', count);
            memcpy(text + count, "END", 3);
            append(&plan, text, count + 3, at);
            free(text);
            recognised = 1;
        }
        else if ((found = strstr(segment, "echo ")) != NULL) {
            echo(&plan, parameters, found + 5, at);
            recognised = 1;
        }
        else if ((found = strstr(segment, "exit ")) != NULL) {
            plan.exit_code = atoi(found + 5);
            recognised = 1;
            next = NULL;
        }
        else if ((found = strstr(segment, "ping -n ")) != NULL) {
            at += (atol(found + 8) - 1) * 1000;
            recognised = 1;
        }
        else if (strstr(segment, "ping -t") != NULL) {
            forever = 1;
        }
        segment = next;
    }
    free(command);
    plan.ends_at_ms = recognised && !forever ? at : -1;
    return plan;
}
