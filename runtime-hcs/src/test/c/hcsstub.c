/*
 * A Linux stand-in for computecore.dll, vmcompute.dll and the kernel32 functions the HCS binding uses, so the
 * real JNA binding can be exercised on Linux: UTF-16 strings (uint16_t* for PCWSTR), handles, out-pointers,
 * callbacks from another thread, and result documents that must be freed with LocalFree.
 *
 * It records every document it receives (converted to UTF-8 by its own decoder), returns scripted HRESULTs and
 * result documents, and counts allocations and frees. The stub_* functions are test-only controls.
 *
 * Command lines are interpreted just enough for lifecycle tests (stub_command.h): echo, exit, a pause, a flood of
 * output; anything else runs until terminated. A process's output arrives when its plan says, and its pipes end when
 * it exits or is terminated, never before.
 *
 * It is strict where Microsoft's documentation and hcsshim say Windows is, so that code written against a kinder
 * stand-in fails here first:
 * - HcsCancelOperation is not implemented and returns E_NOTIMPL, as learn.microsoft.com's reference says; an operation
 *   past its wait timeout stays pending. Closing a pending operation is allowed (HCS finishes the request and
 *   discards the result; hcsshim internal/hcs/v2/operation.go relies on it); waiting on it again is counted.
 * - HcsWaitForOperationResult waits up to its timeout for completion, then answers HCS_E_OPERATION_TIMEOUT.
 * - Opening an unknown system answers ERROR_NOT_FOUND (0x80070490; hcsshim IsNotExist); shutting down or
 *   terminating a stopped system answers HCS_E_SYSTEM_ALREADY_STOPPED.
 * - ShouldTerminateOnLastHandleClosed ends the system when its last handle closes.
 * - HcsEnumerateComputeSystems honours the query's Ids, Types and Owners.
 * - Terminating a process that has exited answers ERROR_ACCESS_DENIED (TerminateProcess's documented behaviour);
 *   signalling one answers ERROR_NOT_FOUND.
 * - Handles the caller never got (or closed already) are refused and counted.
 * - Standard handles are overlapped pipes: ReadFile without an OVERLAPPED is refused (and counted), every other read
 *   goes pending (ERROR_IO_PENDING, finished by GetOverlappedResult), the end is ERROR_BROKEN_PIPE, and a handle
 *   that was not asked for is INVALID_HANDLE_VALUE, which CloseHandle refuses. A read of a pipe whose process runs
 *   on without printing stays pending until it prints or ends; closing the handle aborts it (ERROR_OPERATION_ABORTED).
 * - A mode makes the wait for HcsCreateProcess fail (E_INVALIDARG) although the process exists, as hcsshim reports
 *   of Windows Server 2022; HcsGetProcessInfo then hands over its id and handles.
 * kernel32's last error is errno here: JNA's LastErrorException reads errno on Linux and GetLastError() on Windows.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "stub_command.h"

typedef int32_t HRESULT;
#define S_OK 0
#define E_INVALIDARG ((HRESULT) 0x80070057)
#define E_NOTIMPL ((HRESULT) 0x80004001)
#define HRESULT_ERROR_FILE_NOT_FOUND ((HRESULT) 0x80070002)
#define HRESULT_ERROR_ACCESS_DENIED ((HRESULT) 0x80070005)
#define HRESULT_ERROR_INVALID_HANDLE ((HRESULT) 0x80070006)
#define HRESULT_ERROR_NOT_FOUND ((HRESULT) 0x80070490)
#define HCS_E_SYSTEM_ALREADY_STOPPED ((HRESULT) 0x80370110)
#define HCS_E_INVALID_JSON ((HRESULT) 0x8037010D)
#define HCS_E_SYSTEM_NOT_FOUND ((HRESULT) 0x8037010E)
#define HCS_E_SYSTEM_ALREADY_EXISTS ((HRESULT) 0x8037010F)
#define HCS_E_OPERATION_TIMEOUT ((HRESULT) 0x80370118)
#define HCS_E_OPERATION_ALREADY_CANCELLED ((HRESULT) 0x80370121)
#define HCS_E_INVALID_STATE ((HRESULT) 0x80370105)

#define EVENT_SYSTEM_EXITED 0x00000001

typedef struct {
    int32_t Type;
    const uint16_t *EventData;
    void *Operation;
} HCS_EVENT;

typedef void (*HCS_EVENT_CALLBACK)(HCS_EVENT *event, void *context);
typedef void (*HCS_OPERATION_COMPLETION)(void *operation, void *context);

typedef struct {
    uint32_t ProcessId;
    uint32_t Reserved;
    void *StdInput;
    void *StdOutput;
    void *StdError;
} HCS_PROCESS_INFORMATION;

typedef struct {
    int32_t Flavour;
    const uint16_t *HomeDir;
} DriverInfo;

typedef struct {
    uint8_t LayerId[16];
    uint32_t Flags;
    const uint16_t *Path;
} WC_LAYER_DESCRIPTOR;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* signalled whenever an operation completes */
static pthread_cond_t completed_cond = PTHREAD_COND_INITIALIZER;

/* ---- UTF-16 <-> UTF-8, independent of the Java side ---- */

static char *utf8_of(const uint16_t *text)
{
    if (text == NULL) {
        return strdup("(null)");
    }
    size_t units = 0;
    while (text[units] != 0) {
        units++;
    }
    char *out = malloc(units * 3 + 1);
    size_t o = 0;
    for (size_t i = 0; i < units; i++) {
        uint32_t c = text[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < units && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
            i++;
        }
        if (c < 0x80) {
            out[o++] = (char) c;
        }
        else if (c < 0x800) {
            out[o++] = (char) (0xC0 | (c >> 6));
            out[o++] = (char) (0x80 | (c & 0x3F));
        }
        else if (c < 0x10000) {
            out[o++] = (char) (0xE0 | (c >> 12));
            out[o++] = (char) (0x80 | ((c >> 6) & 0x3F));
            out[o++] = (char) (0x80 | (c & 0x3F));
        }
        else {
            out = realloc(out, units * 3 + 2 + o);
            out[o++] = (char) (0xF0 | (c >> 18));
            out[o++] = (char) (0x80 | ((c >> 12) & 0x3F));
            out[o++] = (char) (0x80 | ((c >> 6) & 0x3F));
            out[o++] = (char) (0x80 | (c & 0x3F));
        }
    }
    out[o] = 0;
    return out;
}

static uint16_t *utf16_of(const char *text, size_t *units_out)
{
    size_t length = strlen(text);
    uint16_t *out = malloc((length + 1) * 2 * sizeof(uint16_t));
    size_t o = 0;
    const unsigned char *s = (const unsigned char *) text;
    for (size_t i = 0; i < length;) {
        uint32_t c;
        if (s[i] < 0x80) {
            c = s[i++];
        }
        else if ((s[i] & 0xE0) == 0xC0) {
            c = ((s[i] & 0x1F) << 6) | (s[i + 1] & 0x3F);
            i += 2;
        }
        else if ((s[i] & 0xF0) == 0xE0) {
            c = ((s[i] & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
            i += 3;
        }
        else {
            c = ((s[i] & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
            i += 4;
        }
        if (c >= 0x10000) {
            c -= 0x10000;
            out[o++] = (uint16_t) (0xD800 + (c >> 10));
            out[o++] = (uint16_t) (0xDC00 + (c & 0x3FF));
        }
        else {
            out[o++] = (uint16_t) c;
        }
    }
    out[o] = 0;
    if (units_out != NULL) {
        *units_out = o;
    }
    return out;
}

/* ---- records ---- */

#define MAX_RECORDS 4096
static char *records[MAX_RECORDS];
static int record_count;

static void record(const char *function, const char *subject, const char *document)
{
    if (record_count >= MAX_RECORDS) {
        return;
    }
    size_t size = strlen(function) + strlen(subject) + strlen(document) + 3;
    char *line = malloc(size);
    snprintf(line, size, "%s\t%s\t%s", function, subject, document);
    records[record_count++] = line;
}

static void record16(const char *function, const uint16_t *subject, const uint16_t *document)
{
    char *s = utf8_of(subject);
    char *d = document == NULL ? strdup("") : utf8_of(document);
    record(function, s, d);
    free(s);
    free(d);
}

/* ---- result documents: LocalFree accounting ---- */

#define MAX_ALLOCATIONS 4096
static void *allocations[MAX_ALLOCATIONS];
static int allocated_total;
static int freed_total;
static int bad_frees;

static uint16_t *allocate_document(const char *text)
{
    uint16_t *document = utf16_of(text, NULL);
    for (int i = 0; i < MAX_ALLOCATIONS; i++) {
        if (allocations[i] == NULL) {
            allocations[i] = document;
            allocated_total++;
            return document;
        }
    }
    abort();
}

void *LocalFree(void *memory)
{
    if (memory == NULL) {
        return NULL;
    }
    pthread_mutex_lock(&lock);
    for (int i = 0; i < MAX_ALLOCATIONS; i++) {
        if (allocations[i] == memory) {
            allocations[i] = NULL;
            freed_total++;
            pthread_mutex_unlock(&lock);
            free(memory);
            return NULL;
        }
    }
    bad_frees++;
    pthread_mutex_unlock(&lock);
    return memory;
}

/* ---- scripts ---- */

#define MAX_SCRIPTS 64
typedef struct {
    char function[64];
    HRESULT hresult;
    char *document;
    int hang;
    int used;
} script_t;
static script_t scripts[MAX_SCRIPTS];

static script_t *take_script(const char *function)
{
    for (int i = 0; i < MAX_SCRIPTS; i++) {
        if (scripts[i].function[0] != 0 && !scripts[i].used && strcmp(scripts[i].function, function) == 0) {
            scripts[i].used = 1;
            return &scripts[i];
        }
    }
    return NULL;
}

/* ---- objects ---- */

typedef struct operation {
    /* the process whose id and handles the wait hands over (HcsCreateProcess, HcsGetProcessInfo) */
    void *process;
    int completed;
    int hang;
    int timed_out;
    HRESULT result;
    char *document;
} operation_t;

typedef struct system {
    char *id;
    char *owner;
    char *type; /* "Container" or "VirtualMachine" */
    int terminate_on_last_close;
    int state; /* 0 created, 1 running, 2 stopped */
    int handles;
    HCS_EVENT_CALLBACK callback;
    void *context;
    struct system *next;
} system_t;

typedef struct {
    system_t *system;
    int closed;
} system_handle_t;

#define INVALID_HANDLE_VALUE ((void *) (intptr_t) -1)
#define KIND_PIPE 1
#define KIND_EVENT 2
#define ERROR_INVALID_HANDLE 6
#define ERROR_INVALID_PARAMETER 87
#define ERROR_BROKEN_PIPE 109
#define ERROR_IO_INCOMPLETE 996
#define ERROR_OPERATION_ABORTED 995
#define ERROR_IO_PENDING 997
#define STATUS_PENDING 0x103

/* A kernel object behind a HANDLE: a pipe's read end, or an event. */
typedef struct {
    int kind;
    char *data;
    size_t length;
    size_t position;
    /* data[0..chunk_end[i]) is written at chunk_ms[i]; the writer closes its end at close_ms (LLONG_MAX: not yet) */
    int chunks;
    size_t chunk_end[PLAN_MAX_CHUNKS];
    long long chunk_ms[PLAN_MAX_CHUNKS];
    long long close_ms;
    int reads;
    int pending;
    void *pending_buffer;
    uint32_t pending_size;
} pipe_t;

typedef struct {
    uintptr_t Internal;
    uintptr_t InternalHigh;
    uint32_t Offset;
    uint32_t OffsetHigh;
    void *hEvent;
} OVERLAPPED;

typedef struct {
    uint32_t pid;
    int exited;
    int exit_code;
    system_t *system;
    int closed;
    /* standard handles not handed over yet: stdin, stdout, stderr (INVALID_HANDLE_VALUE when not asked for) */
    void *std[3];
    /* its pipes, handed over or not, to end when it does (NULL once closed) */
    pipe_t *pipes[3];
    /* when it exits by itself (LLONG_MAX: never), and with what */
    long long ends_ms;
    int planned_exit;
} process_t;

static system_t *systems;
static int live_operations;
static int live_system_handles;
static int live_processes;
static int live_pipes;
static int bad_handles;
static int live_events;
static int sync_reads;
static int spurious_process_waits;

#define MAX_KOBJECTS 4096
static pipe_t *kobjects[MAX_KOBJECTS];

static void *register_kobject(pipe_t *object)
{
    for (int i = 0; i < MAX_KOBJECTS; i++) {
        if (kobjects[i] == NULL) {
            kobjects[i] = object;
            return object;
        }
    }
    abort();
}

/* The live object of kind behind handle, or NULL (counted as a bad handle). Called with the lock held. */
static pipe_t *find_kobject(void *handle, int kind)
{
    for (int i = 0; i < MAX_KOBJECTS; i++) {
        if (handle != NULL && handle != INVALID_HANDLE_VALUE && kobjects[i] == handle && (kind == 0 || kobjects[i]->kind == kind)) {
            return kobjects[i];
        }
    }
    bad_handles++;
    return NULL;
}
static int closed_pending_operations;
static int cancel_calls;
static int waits_after_timeout;

#define MAX_OPERATIONS 4096
static void *operations[MAX_OPERATIONS];

/* Whether handle is still the live kernel object object, without counting a bad handle. Called with the lock held. */
static int live_kobject(void *handle, pipe_t *object)
{
    for (int i = 0; i < MAX_KOBJECTS; i++) {
        if (kobjects[i] == handle && kobjects[i] == object) {
            return 1;
        }
    }
    return 0;
}

/* Whether handle is an operation HcsCreateOperation made and nobody closed yet. Called with the lock held. */
static int valid_operation(void *handle)
{
    for (int i = 0; i < MAX_OPERATIONS; i++) {
        if (handle != NULL && operations[i] == handle) {
            return 1;
        }
    }
    bad_handles++;
    return 0;
}
static uint32_t next_pid = 4000;

#define MAX_PROCESSES 1024
static process_t *processes[MAX_PROCESSES];

static system_t *find_system(const char *id)
{
    for (system_t *s = systems; s != NULL; s = s->next) {
        if (strcmp(s->id, id) == 0) {
            return s;
        }
    }
    return NULL;
}

static void forget_if_gone(system_t *system)
{
    if (system->state != 2 || system->handles > 0) {
        return;
    }
    system_t **link = &systems;
    while (*link != NULL && *link != system) {
        link = &(*link)->next;
    }
    if (*link == system) {
        *link = system->next;
        free(system->id);
        free(system->owner);
        free(system->type);
        free(system);
    }
}

/* Completes an operation: a script for this function wins, else the default result and document. */
static void complete(operation_t *operation, const char *function, HRESULT result, const char *document)
{
    script_t *script = take_script(function);
    if (script != NULL) {
        result = script->hresult;
        document = script->document;
        operation->hang = script->hang;
    }
    operation->result = result;
    free(operation->document);
    operation->document = document == NULL ? NULL : strdup(document);
    operation->completed = !operation->hang;
    if (operation->completed) {
        pthread_cond_broadcast(&completed_cond);
    }
}

typedef struct {
    HCS_EVENT_CALLBACK callback;
    void *context;
    int type;
    uint16_t *data;
} event_job_t;

static void *deliver(void *argument)
{
    event_job_t *job = argument;
    HCS_EVENT event = {job->type, job->data, NULL};
    job->callback(&event, job->context);
    return NULL;
}

/* Calls the system's callback on another thread, as HCS does, and waits for it. Called without the lock held. */
static void fire(HCS_EVENT_CALLBACK callback, void *context, int type, const char *data)
{
    if (callback == NULL) {
        return;
    }
    event_job_t job = {callback, context, type, data == NULL ? NULL : utf16_of(data, NULL)};
    pthread_t thread;
    pthread_create(&thread, NULL, deliver, &job);
    pthread_join(thread, NULL);
    free(job.data);
}

static long long now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long) now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* Marks a process exited once its plan's time has come. Called with the lock held. */
static void settle(process_t *process)
{
    if (!process->exited && now_ms() >= process->ends_ms) {
        process->exited = 1;
        process->exit_code = process->planned_exit;
    }
}

/* Ends a process before its time, with exit_code: its pipes' writers close now, and what it had not printed yet never comes. */
static void end_process(process_t *process, int exit_code)
{
    settle(process);
    if (process->exited) {
        return;
    }
    process->exited = 1;
    process->exit_code = exit_code;
    long long now = now_ms();
    for (int i = 0; i < 3; i++) {
        if (process->pipes[i] != NULL && process->pipes[i]->close_ms > now) {
            process->pipes[i]->close_ms = now;
        }
    }
    pthread_cond_broadcast(&completed_cond);
}

/* Frees a process whose handle was closed. Called with the lock held. */
static void forget_process(process_t *process)
{
    for (int i = 0; i < MAX_PROCESSES; i++) {
        if (processes[i] == process) {
            processes[i] = NULL;
        }
    }
    free(process);
}

static void stop_system(system_t *system, int exit_code)
{
    system->state = 2;
    for (int i = 0; i < MAX_PROCESSES; i++) {
        process_t *process = processes[i];
        if (process != NULL && process->system == system) {
            end_process(process, exit_code);
            if (process->closed) {
                forget_process(process);
            }
        }
    }
}

/* ---- computecore ---- */

void *HcsCreateOperation(const void *context, HCS_OPERATION_COMPLETION callback)
{
    (void) context;
    (void) callback;
    pthread_mutex_lock(&lock);
    operation_t *operation = calloc(1, sizeof(operation_t));
    for (int i = 0; i < MAX_OPERATIONS; i++) {
        if (operations[i] == NULL) {
            operations[i] = operation;
            break;
        }
    }
    live_operations++;
    pthread_mutex_unlock(&lock);
    return operation;
}

void HcsCloseOperation(void *handle)
{
    operation_t *operation = handle;
    pthread_mutex_lock(&lock);
    if (!valid_operation(handle)) {
        pthread_mutex_unlock(&lock);
        return;
    }
    for (int i = 0; i < MAX_OPERATIONS; i++) {
        if (operations[i] == handle) {
            operations[i] = NULL;
        }
    }
    if (!operation->completed) {
        /* allowed: HCS finishes the request and discards its result */
        closed_pending_operations++;
    }
    live_operations--;
    free(operation->document);
    free(operation);
    pthread_mutex_unlock(&lock);
}

/* Waits (lock held) up to timeoutMs for the operation; INFINITE (0xFFFFFFFF) waits without bound. */
static HRESULT wait_result(operation_t *operation, uint32_t timeoutMs, uint16_t **resultDocument)
{
    if (operation->timed_out) {
        /* a wait past a timeout: the caller is waiting out a second full timeout */
        waits_after_timeout++;
    }
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += timeoutMs / 1000;
    deadline.tv_nsec += (long) (timeoutMs % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    while (!operation->completed) {
        int waited = timeoutMs == 0xFFFFFFFFu ? pthread_cond_wait(&completed_cond, &lock)
                : pthread_cond_timedwait(&completed_cond, &lock, &deadline);
        if (waited == ETIMEDOUT) {
            break;
        }
    }
    if (!operation->completed) {
        operation->timed_out = 1;
        return HCS_E_OPERATION_TIMEOUT;
    }
    if (resultDocument != NULL) {
        *resultDocument = operation->document == NULL ? NULL : allocate_document(operation->document);
    }
    return operation->result;
}

HRESULT HcsWaitForOperationResult(void *handle, uint32_t timeoutMs, uint16_t **resultDocument)
{
    pthread_mutex_lock(&lock);
    if (!valid_operation(handle)) {
        pthread_mutex_unlock(&lock);
        return HRESULT_ERROR_INVALID_HANDLE;
    }
    HRESULT result = wait_result(handle, timeoutMs, resultDocument);
    pthread_mutex_unlock(&lock);
    return result;
}

HRESULT HcsWaitForOperationResultAndProcessInfo(void *handle, uint32_t timeoutMs, HCS_PROCESS_INFORMATION *information,
        uint16_t **resultDocument)
{
    operation_t *operation = handle;
    pthread_mutex_lock(&lock);
    if (!valid_operation(handle)) {
        pthread_mutex_unlock(&lock);
        return HRESULT_ERROR_INVALID_HANDLE;
    }
    HRESULT result = wait_result(operation, timeoutMs, resultDocument);
    if (result >= 0 && information != NULL && operation->process != NULL) {
        /* the handles change hands: from here on they are the caller's to close */
        process_t *process = operation->process;
        information->ProcessId = process->pid;
        information->StdInput = process->std[0];
        information->StdOutput = process->std[1];
        information->StdError = process->std[2];
        process->std[0] = process->std[1] = process->std[2] = INVALID_HANDLE_VALUE;
        operation->process = NULL;
    }
    pthread_mutex_unlock(&lock);
    return result;
}

/* "This function is not currently implemented and will always return an E_NOTIMPL HRESULT value." (HcsCancelOperation) */
HRESULT HcsCancelOperation(void *handle)
{
    pthread_mutex_lock(&lock);
    valid_operation(handle);
    cancel_calls++;
    pthread_mutex_unlock(&lock);
    return E_NOTIMPL;
}

HRESULT HcsCreateComputeSystem(const uint16_t *id, const uint16_t *configuration, void *op, const void *securityDescriptor,
        void **computeSystem)
{
    if (securityDescriptor != NULL || computeSystem == NULL) {
        return E_INVALIDARG;
    }
    pthread_mutex_lock(&lock);
    if (!valid_operation(op)) {
        pthread_mutex_unlock(&lock);
        return E_INVALIDARG;
    }
    record16("HcsCreateComputeSystem", id, configuration);
    char *name = utf8_of(id);
    operation_t *operation = op;
    complete(operation, "HcsCreateComputeSystem", S_OK, NULL);
    *computeSystem = NULL;
    if (operation->result >= 0 && find_system(name) != NULL) {
        operation->result = HCS_E_SYSTEM_ALREADY_EXISTS;
    }
    if (operation->result >= 0) {
        system_t *system = calloc(1, sizeof(system_t));
        system->id = name;
        char *config = utf8_of(configuration);
        const char *owner = strstr(config, "\"Owner\":\"");
        system->owner = strdup("");
        if (owner != NULL) {
            free(system->owner);
            system->owner = strndup(owner + 9, strcspn(owner + 9, "\""));
        }
        system->type = strdup(strstr(config, "\"VirtualMachine\":{") != NULL ? "VirtualMachine" : "Container");
        system->terminate_on_last_close = strstr(config, "\"ShouldTerminateOnLastHandleClosed\":true") != NULL;
        free(config);
        system->handles = 1;
        system->next = systems;
        systems = system;
        system_handle_t *handle = calloc(1, sizeof(system_handle_t));
        handle->system = system;
        live_system_handles++;
        *computeSystem = handle;
    }
    else {
        free(name);
    }
    pthread_mutex_unlock(&lock);
    return S_OK;
}

HRESULT HcsOpenComputeSystem(const uint16_t *id, uint32_t requestedAccess, void **computeSystem)
{
    (void) requestedAccess;
    pthread_mutex_lock(&lock);
    record16("HcsOpenComputeSystem", id, NULL);
    script_t *script = take_script("HcsOpenComputeSystem");
    if (script != NULL) {
        pthread_mutex_unlock(&lock);
        return script->hresult;
    }
    char *name = utf8_of(id);
    system_t *system = find_system(name);
    free(name);
    if (system == NULL) {
        pthread_mutex_unlock(&lock);
        return HRESULT_ERROR_NOT_FOUND;
    }
    system->handles++;
    system_handle_t *handle = calloc(1, sizeof(system_handle_t));
    handle->system = system;
    live_system_handles++;
    *computeSystem = handle;
    pthread_mutex_unlock(&lock);
    return S_OK;
}

void HcsCloseComputeSystem(void *computeSystem)
{
    system_handle_t *handle = computeSystem;
    pthread_mutex_lock(&lock);
    handle->closed = 1;
    handle->system->handles--;
    live_system_handles--;
    if (handle->system->handles == 0 && handle->system->terminate_on_last_close && handle->system->state != 2) {
        stop_system(handle->system, 1);
    }
    forget_if_gone(handle->system);
    free(handle);
    pthread_mutex_unlock(&lock);
}

static HRESULT system_operation(const char *function, void *computeSystem, void *op, const uint16_t *options, int target_state)
{
    system_handle_t *handle = computeSystem;
    operation_t *operation = op;
    pthread_mutex_lock(&lock);
    if (!valid_operation(op)) {
        pthread_mutex_unlock(&lock);
        return E_INVALIDARG;
    }
    system_t *system = handle->system;
    char *options8 = options == NULL ? strdup("") : utf8_of(options);
    record(function, system->id, options8);
    free(options8);
    complete(operation, function, S_OK, NULL);
    HCS_EVENT_CALLBACK callback = NULL;
    void *context = NULL;
    if (operation->completed && operation->result >= 0) {
        if (target_state == 1 && system->state != 0) {
            operation->result = HCS_E_INVALID_STATE;
        }
        else if (target_state == 2 && system->state == 2) {
            operation->result = HCS_E_SYSTEM_ALREADY_STOPPED;
        }
        else if (target_state == 2) {
            stop_system(system, 1);
            callback = system->callback;
            context = system->context;
        }
        else if (target_state == 1) {
            system->state = 1;
        }
    }
    pthread_mutex_unlock(&lock);
    fire(callback, context, EVENT_SYSTEM_EXITED, "{\"Status\":0,\"ExitType\":\"GracefulExit\"}");
    return S_OK;
}

HRESULT HcsStartComputeSystem(void *computeSystem, void *operation, const uint16_t *options)
{
    return system_operation("HcsStartComputeSystem", computeSystem, operation, options, 1);
}

HRESULT HcsShutDownComputeSystem(void *computeSystem, void *operation, const uint16_t *options)
{
    return system_operation("HcsShutDownComputeSystem", computeSystem, operation, options, 2);
}

HRESULT HcsTerminateComputeSystem(void *computeSystem, void *operation, const uint16_t *options)
{
    return system_operation("HcsTerminateComputeSystem", computeSystem, operation, options, 2);
}

static const char *state_name(int state)
{
    return state == 0 ? "Created" : state == 1 ? "Running" : "Stopped";
}

/* Whether the query's "key" list admits value: true when the query has no such list, as an absent filter admits all. */
static int admitted(const char *query, const char *key, const char *value)
{
    char pattern[64];
    snprintf(pattern, sizeof(pattern), "\"%s\":[", key);
    const char *list = strstr(query, pattern);
    if (list == NULL) {
        return 1;
    }
    const char *cursor = list + strlen(pattern);
    while (*cursor != 0 && *cursor != ']') {
        if (*cursor == '"') {
            size_t length = strcspn(cursor + 1, "\"");
            if (strlen(value) == length && strncmp(cursor + 1, value, length) == 0) {
                return 1;
            }
            cursor += length + 2;
        }
        else {
            cursor++;
        }
    }
    return 0;
}

static void describe_system(char *out, size_t size, const system_t *system, const char *query)
{
    int extra = query != NULL && strstr(query, "\"TerminateOnLastHandleClosed\"") != NULL;
    snprintf(out, size, "{\"Id\":\"%s\",\"SystemType\":\"%s\",\"Owner\":\"%s\",\"State\":\"%s\"%s}", system->id, system->type,
            system->owner, state_name(system->state), !extra ? "" : system->terminate_on_last_close ? ",\"TerminateOnLastHandleClosed\":true"
            : ",\"TerminateOnLastHandleClosed\":false");
}

/* The propertyQuery is optional; given, it must be a PropertyQuery object. */
HRESULT HcsGetComputeSystemProperties(void *computeSystem, void *op, const uint16_t *propertyQuery)
{
    system_handle_t *handle = computeSystem;
    pthread_mutex_lock(&lock);
    if (!valid_operation(op)) {
        pthread_mutex_unlock(&lock);
        return E_INVALIDARG;
    }
    system_t *system = handle->system;
    char *query = propertyQuery == NULL ? strdup("") : utf8_of(propertyQuery);
    record("HcsGetComputeSystemProperties", system->id, query);
    char document[1024];
    describe_system(document, sizeof(document), system, query);
    if (propertyQuery != NULL && query[0] != '{') {
        complete(op, "HcsGetComputeSystemProperties", HCS_E_INVALID_JSON, "{\"ErrorMessage\":\"propertyQuery is not a PropertyQuery\"}");
    }
    else {
        complete(op, "HcsGetComputeSystemProperties", S_OK, document);
    }
    free(query);
    pthread_mutex_unlock(&lock);
    return S_OK;
}

HRESULT HcsEnumerateComputeSystems(const uint16_t *query, void *op)
{
    pthread_mutex_lock(&lock);
    if (!valid_operation(op)) {
        pthread_mutex_unlock(&lock);
        return E_INVALIDARG;
    }
    record16("HcsEnumerateComputeSystems", NULL, query);
    char *filter = query == NULL ? strdup("") : utf8_of(query);
    size_t size = 16;
    for (system_t *s = systems; s != NULL; s = s->next) {
        size += strlen(s->id) + strlen(s->owner) + 128;
    }
    char *document = malloc(size);
    strcpy(document, "[");
    int listed = 0;
    for (system_t *s = systems; s != NULL; s = s->next) {
        if (!admitted(filter, "Ids", s->id) || !admitted(filter, "Types", s->type) || !admitted(filter, "Owners", s->owner)) {
            continue;
        }
        char entry[1024];
        describe_system(entry, sizeof(entry), s, NULL);
        if (listed++ > 0) {
            strcat(document, ",");
        }
        strcat(document, entry);
    }
    strcat(document, "]");
    complete(op, "HcsEnumerateComputeSystems", S_OK, document);
    free(document);
    free(filter);
    pthread_mutex_unlock(&lock);
    return S_OK;
}

HRESULT HcsSetComputeSystemCallback(void *computeSystem, int32_t callbackOptions, const void *context, HCS_EVENT_CALLBACK callback)
{
    (void) callbackOptions;
    system_handle_t *handle = computeSystem;
    pthread_mutex_lock(&lock);
    handle->system->callback = callback;
    handle->system->context = (void *) context;
    record("HcsSetComputeSystemCallback", handle->system->id, "");
    pthread_mutex_unlock(&lock);
    return S_OK;
}

/* A pipe whose writer prints plan's output (none when plan is NULL) from start_ms, and closes at close_ms. */
static pipe_t *new_pipe(const plan_t *plan, long long start_ms, long long close_ms)
{
    pipe_t *pipe = calloc(1, sizeof(pipe_t));
    pipe->kind = KIND_PIPE;
    pipe->close_ms = close_ms;
    if (plan != NULL && plan->length > 0) {
        pipe->data = malloc(plan->length);
        memcpy(pipe->data, plan->output, plan->length);
        pipe->length = plan->length;
        pipe->chunks = plan->chunks;
        for (int i = 0; i < plan->chunks; i++) {
            pipe->chunk_end[i] = plan->chunk_end[i];
            pipe->chunk_ms[i] = start_ms + plan->chunk_at_ms[i];
        }
    }
    live_pipes++;
    return register_kobject(pipe);
}

/* Called with the lock held. */
static void free_kobject(pipe_t *object)
{
    for (int i = 0; i < MAX_KOBJECTS; i++) {
        if (kobjects[i] == object) {
            kobjects[i] = NULL;
        }
    }
    for (int i = 0; i < MAX_PROCESSES; i++) {
        for (int k = 0; processes[i] != NULL && k < 3; k++) {
            if (processes[i]->pipes[k] == object) {
                processes[i]->pipes[k] = NULL;
            }
        }
    }
    if (object->kind == KIND_PIPE) {
        live_pipes--;
    }
    else {
        live_events--;
    }
    free(object->data);
    free(object);
}

HRESULT HcsCreateProcess(void *computeSystem, const uint16_t *processParameters, void *op, const void *securityDescriptor,
        void **process)
{
    if (securityDescriptor != NULL || process == NULL) {
        return E_INVALIDARG;
    }
    system_handle_t *handle = computeSystem;
    operation_t *operation = op;
    pthread_mutex_lock(&lock);
    if (!valid_operation(op)) {
        pthread_mutex_unlock(&lock);
        return E_INVALIDARG;
    }
    char *parameters = utf8_of(processParameters);
    record("HcsCreateProcess", handle->system->id, parameters);
    plan_t plan = plan_of(parameters);
    /* CreateProcess's answer for a missing executable, in HCS's ResultError document */
    complete(operation, "HcsCreateProcess", plan.missing ? HRESULT_ERROR_FILE_NOT_FOUND : S_OK,
            plan.missing ? "{\"Error\":-2147024894,\"ErrorMessage\":\"The system cannot find the file specified.\"}" : NULL);
    *process = NULL;
    if (operation->result >= 0 && handle->system->state != 1) {
        operation->result = HCS_E_INVALID_STATE;
    }
    if (operation->result >= 0) {
        process_t *created = calloc(1, sizeof(process_t));
        created->pid = next_pid++;
        created->system = handle->system;
        long long start = now_ms();
        created->ends_ms = plan.ends_at_ms < 0 ? LLONG_MAX : start + plan.ends_at_ms;
        created->planned_exit = plan.exit_code;
        settle(created);
        for (int i = 0; i < MAX_PROCESSES; i++) {
            if (processes[i] == NULL) {
                processes[i] = created;
                break;
            }
        }
        live_processes++;
        const char *asked[3] = {"\"CreateStdInPipe\":true", "\"CreateStdOutPipe\":true", "\"CreateStdErrPipe\":true"};
        for (int i = 0; i < 3; i++) {
            created->pipes[i] = strstr(parameters, asked[i]) == NULL ? NULL : new_pipe(i == 1 ? &plan : NULL, start, created->ends_ms);
            created->std[i] = created->pipes[i] == NULL ? INVALID_HANDLE_VALUE : created->pipes[i];
        }
        *process = created;
        if (spurious_process_waits > 0) {
            /* the process exists and its handle is handed back, yet the wait fails */
            spurious_process_waits--;
            operation->result = E_INVALIDARG;
        }
        else {
            operation->process = created;
        }
    }
    free(plan.output);
    free(parameters);
    pthread_mutex_unlock(&lock);
    return S_OK;
}

HRESULT HcsSignalProcess(void *handle, void *op, const uint16_t *options)
{
    process_t *process = handle;
    pthread_mutex_lock(&lock);
    if (!valid_operation(op)) {
        pthread_mutex_unlock(&lock);
        return E_INVALIDARG;
    }
    char *text = options == NULL ? strdup("") : utf8_of(options);
    char subject[32];
    snprintf(subject, sizeof(subject), "%u", process->pid);
    record("HcsSignalProcess", subject, text);
    free(text);
    /* a process that has exited is gone: hcsshim's processSignalResult reads ERROR_NOT_FOUND that way */
    settle(process);
    complete(op, "HcsSignalProcess", process->exited ? HRESULT_ERROR_NOT_FOUND : S_OK, NULL);
    if (((operation_t *) op)->result >= 0) {
        end_process(process, (int) 0xC000013A); /* STATUS_CONTROL_C_EXIT */
    }
    pthread_mutex_unlock(&lock);
    return S_OK;
}

HRESULT HcsTerminateProcess(void *handle, void *op, const uint16_t *options)
{
    process_t *process = handle;
    pthread_mutex_lock(&lock);
    if (!valid_operation(op)) {
        pthread_mutex_unlock(&lock);
        return E_INVALIDARG;
    }
    char *text = options == NULL ? strdup("") : utf8_of(options);
    char subject[32];
    snprintf(subject, sizeof(subject), "%u", process->pid);
    record("HcsTerminateProcess", subject, text);
    free(text);
    /* TerminateProcess on a process that has exited, with handles to it still open, fails with ERROR_ACCESS_DENIED */
    settle(process);
    complete(op, "HcsTerminateProcess", process->exited ? HRESULT_ERROR_ACCESS_DENIED : S_OK, NULL);
    if (((operation_t *) op)->result >= 0) {
        end_process(process, 1);
    }
    pthread_mutex_unlock(&lock);
    return S_OK;
}

HRESULT HcsGetProcessProperties(void *handle, void *op, const uint16_t *propertyQuery)
{
    (void) propertyQuery;
    process_t *process = handle;
    pthread_mutex_lock(&lock);
    if (!valid_operation(op)) {
        pthread_mutex_unlock(&lock);
        return E_INVALIDARG;
    }
    char document[256];
    settle(process);
    snprintf(document, sizeof(document), "{\"ProcessId\":%u,\"Exited\":%s,\"ExitCode\":%u}", process->pid,
            process->exited ? "true" : "false", (uint32_t) process->exit_code);
    complete(op, "HcsGetProcessProperties", S_OK, document);
    pthread_mutex_unlock(&lock);
    return S_OK;
}

HRESULT HcsGetProcessInfo(void *handle, void *op)
{
    process_t *process = handle;
    pthread_mutex_lock(&lock);
    if (!valid_operation(op)) {
        pthread_mutex_unlock(&lock);
        return E_INVALIDARG;
    }
    char subject[32];
    snprintf(subject, sizeof(subject), "%u", process->pid);
    record("HcsGetProcessInfo", subject, "");
    complete(op, "HcsGetProcessInfo", S_OK, NULL);
    if (((operation_t *) op)->result >= 0) {
        ((operation_t *) op)->process = process;
    }
    pthread_mutex_unlock(&lock);
    return S_OK;
}

void HcsCloseProcess(void *handle)
{
    process_t *process = handle;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < 3; i++) {
        if (process->std[i] != INVALID_HANDLE_VALUE) {
            /* never handed over: HCS closes its own copy */
            free_kobject(process->std[i]);
            process->std[i] = INVALID_HANDLE_VALUE;
        }
    }
    live_processes--;
    process->closed = 1;
    settle(process);
    if (process->exited || process->system->state == 2) {
        forget_process(process);
    }
    /* else closing a handle does not end a process: it runs on, its pipes open, until its system stops */
    pthread_mutex_unlock(&lock);
}

/* ---- kernel32 pipes ---- */

#define WOULD_BLOCK (-2)

/* Copies what the writer has written so far into buffer (lock held): the count, -1 at the end (the writer has closed
 * its end and everything written was read), or WOULD_BLOCK. */
static int transfer(pipe_t *pipe, void *buffer, uint32_t size, OVERLAPPED *overlapped)
{
    long long now = now_ms();
    long long written_by = now < pipe->close_ms ? now : pipe->close_ms;
    size_t written = 0;
    for (int i = 0; i < pipe->chunks; i++) {
        if (pipe->chunk_ms[i] <= written_by) {
            written = pipe->chunk_end[i];
        }
    }
    size_t left = written - pipe->position;
    if (left == 0) {
        return now >= pipe->close_ms ? -1 : WOULD_BLOCK;
    }
    size_t count = left < size ? left : size;
    memcpy(buffer, pipe->data + pipe->position, count);
    pipe->position += count;
    overlapped->Internal = 0;
    overlapped->InternalHigh = count;
    return (int) count;
}

int32_t ReadFile(void *handle, void *buffer, uint32_t toRead, uint32_t *read, void *overlapped)
{
    pthread_mutex_lock(&lock);
    pipe_t *pipe = find_kobject(handle, KIND_PIPE);
    if (pipe == NULL) {
        pthread_mutex_unlock(&lock);
        errno = ERROR_INVALID_HANDLE;
        return 0;
    }
    if (overlapped == NULL || pipe->pending) {
        /* an overlapped handle read synchronously, or a second read while one is in flight */
        sync_reads++;
        pthread_mutex_unlock(&lock);
        errno = ERROR_INVALID_PARAMETER;
        return 0;
    }
    OVERLAPPED *ov = overlapped;
    int count = pipe->reads++ % 2 == 0 ? WOULD_BLOCK : transfer(pipe, buffer, toRead, ov);
    if (count == WOULD_BLOCK) {
        pipe->pending = 1;
        pipe->pending_buffer = buffer;
        pipe->pending_size = toRead;
        ov->Internal = STATUS_PENDING;
        pthread_mutex_unlock(&lock);
        errno = ERROR_IO_PENDING;
        return 0;
    }
    pthread_mutex_unlock(&lock);
    if (count < 0) {
        errno = ERROR_BROKEN_PIPE;
        return 0;
    }
    if (read != NULL) {
        *read = (uint32_t) count;
    }
    errno = 0;
    return 1;
}

int32_t GetOverlappedResult(void *handle, void *overlapped, uint32_t *transferred, int32_t wait)
{
    pthread_mutex_lock(&lock);
    pipe_t *pipe = find_kobject(handle, KIND_PIPE);
    if (pipe == NULL || overlapped == NULL) {
        pthread_mutex_unlock(&lock);
        errno = pipe == NULL ? ERROR_INVALID_HANDLE : ERROR_INVALID_PARAMETER;
        return 0;
    }
    OVERLAPPED *ov = overlapped;
    if (pipe->pending) {
        if (!wait) {
            pthread_mutex_unlock(&lock);
            errno = ERROR_IO_INCOMPLETE;
            return 0;
        }
        int count;
        while ((count = transfer(pipe, pipe->pending_buffer, pipe->pending_size, ov)) == WOULD_BLOCK) {
            struct timespec slice;
            clock_gettime(CLOCK_REALTIME, &slice);
            slice.tv_nsec += 10000000L;
            if (slice.tv_nsec >= 1000000000L) {
                slice.tv_sec++;
                slice.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&completed_cond, &lock, &slice);
            if (!live_kobject(handle, pipe)) {
                /* the handle was closed under the read: Windows cancels it */
                pthread_mutex_unlock(&lock);
                errno = ERROR_OPERATION_ABORTED;
                return 0;
            }
        }
        pipe->pending = 0;
        pthread_mutex_unlock(&lock);
        if (count < 0) {
            errno = ERROR_BROKEN_PIPE;
            return 0;
        }
        *transferred = (uint32_t) count;
        errno = 0;
        return 1;
    }
    *transferred = (uint32_t) ov->InternalHigh;
    pthread_mutex_unlock(&lock);
    errno = 0;
    return 1;
}

void *CreateEventW(void *attributes, int32_t manualReset, int32_t initialState, const uint16_t *name)
{
    (void) attributes;
    (void) manualReset;
    (void) initialState;
    (void) name;
    pthread_mutex_lock(&lock);
    pipe_t *event = calloc(1, sizeof(pipe_t));
    event->kind = KIND_EVENT;
    live_events++;
    register_kobject(event);
    pthread_mutex_unlock(&lock);
    errno = 0;
    return event;
}

int32_t CloseHandle(void *handle)
{
    pthread_mutex_lock(&lock);
    pipe_t *object = find_kobject(handle, 0);
    if (object == NULL) {
        pthread_mutex_unlock(&lock);
        errno = ERROR_INVALID_HANDLE;
        return 0;
    }
    free_kobject(object);
    pthread_mutex_unlock(&lock);
    return 1;
}

/* ---- vmcompute layers ---- */

static HRESULT layer_call(const char *function, const DriverInfo *info, const uint16_t *id, const char *extra)
{
    pthread_mutex_lock(&lock);
    char *path = utf8_of(id);
    char *home = info == NULL ? strdup("(no info)") : utf8_of(info->HomeDir);
    size_t size = strlen(extra) + strlen(home) + 64;
    char *detail = malloc(size);
    snprintf(detail, size, "flavour=%d home=%s%s", info == NULL ? -1 : info->Flavour, home, extra);
    record(function, path, detail);
    free(detail);
    free(home);
    free(path);
    script_t *script = take_script(function);
    HRESULT result = script == NULL ? S_OK : script->hresult;
    pthread_mutex_unlock(&lock);
    return result;
}

static char *describe_layers(const WC_LAYER_DESCRIPTOR *layers, uint32_t count)
{
    size_t size = 16 + (size_t) count * 1024;
    char *out = malloc(size);
    out[0] = 0;
    for (uint32_t i = 0; i < count; i++) {
        char *path = utf8_of(layers[i].Path);
        char entry[1200];
        int o = snprintf(entry, sizeof(entry), " layer[%u]=", i);
        for (int b = 0; b < 16; b++) {
            o += snprintf(entry + o, sizeof(entry) - o, "%02x", layers[i].LayerId[b]);
        }
        snprintf(entry + o, sizeof(entry) - o, ",%s", path);
        strcat(out, entry);
        free(path);
    }
    return out;
}

/* ---- scratch layers on the real filesystem, with vmcompute's ordering enforced ---- */

#define HRESULT_ERROR_PATH_NOT_FOUND ((HRESULT) 0x80070003)
#define HRESULT_ERROR_FILE_EXISTS ((HRESULT) 0x80070050)
/* HRESULT_FROM_WIN32(ERROR_INVALID_STATE): vmcompute's answer to an out-of-order call is not documented; the stub
 * refuses such calls, and counts them, so that an ordering mistake is seen */
#define HRESULT_ERROR_INVALID_STATE ((HRESULT) 0x8007139F)

#define MAX_LAYERS 256
typedef struct {
    char *path;
    int active;
    int prepared;
} layer_state_t;
static layer_state_t layer_states[MAX_LAYERS];
static int layer_order_violations;

/* The state of the scratch layer at path, made on first use. Called with the lock held. */
static layer_state_t *layer_state(const char *path)
{
    for (int i = 0; i < MAX_LAYERS; i++) {
        if (layer_states[i].path != NULL && strcmp(layer_states[i].path, path) == 0) {
            return &layer_states[i];
        }
    }
    for (int i = 0; i < MAX_LAYERS; i++) {
        if (layer_states[i].path == NULL) {
            layer_states[i].path = strdup(path);
            return &layer_states[i];
        }
    }
    abort();
}

static int exists(const char *path)
{
    struct stat status;
    return stat(path, &status) == 0;
}

static char *sandbox_of(const char *folder)
{
    size_t size = strlen(folder) + 16;
    char *path = malloc(size);
    snprintf(path, size, "%s/sandbox.vhdx", folder);
    return path;
}

static int remove_entry(const char *path, const struct stat *status, int flag, struct FTW *ftw)
{
    (void) status;
    (void) flag;
    (void) ftw;
    return remove(path);
}

/* Records the call, takes a script if any, else applies step to the layer's state (lock held inside). */
static HRESULT layer_step(const char *function, const DriverInfo *info, const uint16_t *id, const char *extra,
        HRESULT (*step)(const char *path, layer_state_t *state))
{
    HRESULT scripted = layer_call(function, info, id, extra);
    if (scripted != S_OK) {
        return scripted;
    }
    pthread_mutex_lock(&lock);
    char *path = utf8_of(id);
    HRESULT result = step(path, layer_state(path));
    if (result == HRESULT_ERROR_INVALID_STATE) {
        layer_order_violations++;
    }
    free(path);
    pthread_mutex_unlock(&lock);
    return result;
}

static HRESULT create_step(const char *path, layer_state_t *state)
{
    (void) state;
    if (!exists(path)) {
        /* vmcompute writes sandbox.vhdx into a folder the caller made */
        return HRESULT_ERROR_PATH_NOT_FOUND;
    }
    char *sandbox = sandbox_of(path);
    HRESULT result = S_OK;
    if (exists(sandbox)) {
        result = HRESULT_ERROR_FILE_EXISTS;
    }
    else {
        FILE *file = fopen(sandbox, "w");
        if (file == NULL) {
            result = HRESULT_ERROR_PATH_NOT_FOUND;
        }
        else {
            fputs("stub scratch disk", file);
            fclose(file);
        }
    }
    free(sandbox);
    return result;
}

static HRESULT activate_step(const char *path, layer_state_t *state)
{
    char *sandbox = sandbox_of(path);
    int present = exists(sandbox);
    free(sandbox);
    if (!present) {
        return HRESULT_ERROR_FILE_NOT_FOUND;
    }
    if (state->active) {
        return HRESULT_ERROR_INVALID_STATE;
    }
    state->active = 1;
    return S_OK;
}

static HRESULT prepare_step(const char *path, layer_state_t *state)
{
    (void) path;
    if (!state->active || state->prepared) {
        return HRESULT_ERROR_INVALID_STATE;
    }
    state->prepared = 1;
    return S_OK;
}

static HRESULT unprepare_step(const char *path, layer_state_t *state)
{
    (void) path;
    if (!state->prepared) {
        return HRESULT_ERROR_INVALID_STATE;
    }
    state->prepared = 0;
    return S_OK;
}

static HRESULT deactivate_step(const char *path, layer_state_t *state)
{
    (void) path;
    if (!state->active || state->prepared) {
        return HRESULT_ERROR_INVALID_STATE;
    }
    state->active = 0;
    return S_OK;
}

static HRESULT destroy_step(const char *path, layer_state_t *state)
{
    if (state->active) {
        /* its disk is still mounted */
        return HRESULT_ERROR_INVALID_STATE;
    }
    if (exists(path) && nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0) {
        return HRESULT_ERROR_PATH_NOT_FOUND;
    }
    return S_OK;
}

HRESULT ActivateLayer(const DriverInfo *info, const uint16_t *id)
{
    return layer_step("ActivateLayer", info, id, "", activate_step);
}

HRESULT PrepareLayer(const DriverInfo *info, const uint16_t *id, const WC_LAYER_DESCRIPTOR *layers, uint32_t count)
{
    char *extra = describe_layers(layers, count);
    HRESULT result = layer_step("PrepareLayer", info, id, extra, prepare_step);
    free(extra);
    return result;
}

HRESULT CreateSandboxLayer(const DriverInfo *info, const uint16_t *id, const uint16_t *parentId, const WC_LAYER_DESCRIPTOR *layers,
        uint32_t count)
{
    if (parentId != NULL) {
        return E_INVALIDARG;
    }
    char *extra = describe_layers(layers, count);
    HRESULT result = layer_step("CreateSandboxLayer", info, id, extra, create_step);
    free(extra);
    return result;
}

HRESULT UnprepareLayer(const DriverInfo *info, const uint16_t *id)
{
    return layer_step("UnprepareLayer", info, id, "", unprepare_step);
}

HRESULT DeactivateLayer(const DriverInfo *info, const uint16_t *id)
{
    return layer_step("DeactivateLayer", info, id, "", deactivate_step);
}

/* Removes the layer's folder and everything in it; refused while the layer is active. */
HRESULT DestroyLayer(const DriverInfo *info, const uint16_t *id)
{
    return layer_step("DestroyLayer", info, id, "", destroy_step);
}

/* The file must exist: hcsshim copies the utility VM's scratch disk first, then grants the VM access to it. */
HRESULT GrantVmAccess(const uint16_t *vmid, const uint16_t *filepath)
{
    pthread_mutex_lock(&lock);
    record16("GrantVmAccess", vmid, filepath);
    script_t *script = take_script("GrantVmAccess");
    char *path = utf8_of(filepath);
    HRESULT result = script != NULL ? script->hresult : exists(path) ? S_OK : HRESULT_ERROR_FILE_NOT_FOUND;
    free(path);
    pthread_mutex_unlock(&lock);
    return result;
}

HRESULT GetLayerMountPath(const DriverInfo *info, const uint16_t *id, size_t *length, uint16_t *buffer)
{
    static const char *volume = "\\\\?\\Volume{5e1c9d2a-0000-4000-8000-00000000b37b}\\";
    size_t units;
    uint16_t *text = utf16_of(volume, &units);
    HRESULT result = layer_call("GetLayerMountPath", info, id, buffer == NULL ? " (length)" : " (buffer)");
    if (result >= 0) {
        if (buffer == NULL) {
            *length = units + 1;
        }
        else if (*length < units + 1) {
            result = E_INVALIDARG;
        }
        else {
            memcpy(buffer, text, (units + 1) * sizeof(uint16_t));
        }
    }
    free(text);
    return result;
}

HRESULT NameToGuid(const uint16_t *name, uint8_t *guid)
{
    /* deterministic, not Windows' algorithm: FNV-1a over the UTF-16 units, spread over 16 bytes */
    uint64_t hash = 1469598103934665603ULL;
    for (size_t i = 0; name[i] != 0; i++) {
        hash = (hash ^ name[i]) * 1099511628211ULL;
    }
    for (int b = 0; b < 16; b++) {
        guid[b] = (uint8_t) (hash >> ((b % 8) * 8)) ^ (uint8_t) b;
    }
    pthread_mutex_lock(&lock);
    record16("NameToGuid", name, NULL);
    pthread_mutex_unlock(&lock);
    return S_OK;
}

static const char *copy_source;
static const char *copy_target;
static int copy_failed;

static int copy_entry(const char *path, const struct stat *status, int flag, struct FTW *ftw)
{
    (void) ftw;
    char to[4096];
    snprintf(to, sizeof(to), "%s%s", copy_target, path + strlen(copy_source));
    if (flag == FTW_D) {
        if (mkdir(to, 0755) != 0 && errno != EEXIST) {
            copy_failed = 1;
        }
        return 0;
    }
    FILE *in = fopen(path, "rb");
    FILE *out = fopen(to, "wb");
    if (in == NULL || out == NULL) {
        copy_failed = 1;
    }
    else {
        char buffer[8192];
        size_t n;
        while ((n = fread(buffer, 1, sizeof(buffer), in)) > 0) {
            fwrite(buffer, 1, n, out);
        }
    }
    if (in != NULL) {
        fclose(in);
    }
    if (out != NULL) {
        fclose(out);
    }
    (void) status;
    return 0;
}

/* vmcompute's ImportLayer: every parent layer must be on disk (hcsshim: "all parent layers must already be present on the
 * system"), and the import folder must hold Files; its content becomes the layer's. A missing path is ERROR_PATH_NOT_FOUND. */
HRESULT ImportLayer(const DriverInfo *info, const uint16_t *id, const uint16_t *path, const WC_LAYER_DESCRIPTOR *layers, uint32_t count)
{
    char *source = utf8_of(path);
    char *described = describe_layers(layers, count);
    size_t size = strlen(source) + strlen(described) + 16;
    char *extra = malloc(size);
    snprintf(extra, size, " from=%s%s", source, described);
    HRESULT result = layer_call("ImportLayer", info, id, extra);
    free(extra);
    free(described);
    char *target = utf8_of(id);
    char files[4096];
    snprintf(files, sizeof(files), "%s/Files", source);
    for (uint32_t i = 0; result >= 0 && i < count; i++) {
        char *parent = utf8_of(layers[i].Path);
        struct stat status;
        if (stat(parent, &status) != 0 || !S_ISDIR(status.st_mode)) {
            result = HRESULT_ERROR_PATH_NOT_FOUND;
        }
        free(parent);
    }
    struct stat status;
    if (result >= 0 && (stat(target, &status) != 0 || !S_ISDIR(status.st_mode) || stat(files, &status) != 0)) {
        result = HRESULT_ERROR_PATH_NOT_FOUND;
    }
    if (result >= 0) {
        pthread_mutex_lock(&lock);
        copy_source = source;
        copy_target = target;
        copy_failed = 0;
        nftw(source, copy_entry, 16, FTW_PHYS);
        result = copy_failed ? (HRESULT) 0x80070070 /* ERROR_DISK_FULL, the stub's stand-in for a failed write */ : S_OK;
        pthread_mutex_unlock(&lock);
    }
    free(target);
    free(source);
    return result;
}

/* Processing comes after the files are written: hcsshim's ProcessBaseLayer/ProcessUtilityVMImage expect them extracted
 * to <path>\Files. What vmcompute answers without them is not documented; the stub answers ERROR_PATH_NOT_FOUND. */
static HRESULT process_image(const char *function, const uint16_t *path)
{
    HRESULT result = layer_call(function, NULL, path, "");
    if (result >= 0) {
        char *folder = utf8_of(path);
        char files[4096];
        snprintf(files, sizeof(files), "%s/Files", folder);
        free(folder);
        struct stat status;
        if (stat(files, &status) != 0 || !S_ISDIR(status.st_mode)) {
            result = HRESULT_ERROR_PATH_NOT_FOUND;
        }
    }
    return result;
}

HRESULT ProcessBaseImage(const uint16_t *path)
{
    return process_image("ProcessBaseImage", path);
}

HRESULT ProcessUtilityImage(const uint16_t *path)
{
    return process_image("ProcessUtilityImage", path);
}

/* ---- test-only controls ---- */

void stub_reset(void)
{
    pthread_mutex_lock(&lock);
    for (int i = 0; i < record_count; i++) {
        free(records[i]);
    }
    record_count = 0;
    for (int i = 0; i < MAX_SCRIPTS; i++) {
        free(scripts[i].document);
        memset(&scripts[i], 0, sizeof(script_t));
    }
    allocated_total = 0;
    freed_total = 0;
    bad_frees = 0;
    closed_pending_operations = 0;
    cancel_calls = 0;
    bad_handles = 0;
    waits_after_timeout = 0;
    sync_reads = 0;
    spurious_process_waits = 0;
    layer_order_violations = 0;
    for (int i = 0; i < MAX_LAYERS; i++) {
        free(layer_states[i].path);
        memset(&layer_states[i], 0, sizeof(layer_state_t));
    }
    pthread_mutex_unlock(&lock);
}

/* The next call of function completes with hresult and document (UTF-8, may be NULL); hang: it never completes until cancelled. */
void stub_script(const char *function, int32_t hresult, const char *document, int32_t hang)
{
    pthread_mutex_lock(&lock);
    for (int i = 0; i < MAX_SCRIPTS; i++) {
        if (scripts[i].function[0] == 0 || scripts[i].used) {
            free(scripts[i].document);
            snprintf(scripts[i].function, sizeof(scripts[i].function), "%s", function);
            scripts[i].hresult = hresult;
            scripts[i].document = document == NULL ? NULL : strdup(document);
            scripts[i].hang = hang;
            scripts[i].used = 0;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
}

int32_t stub_record_count(void)
{
    return record_count;
}

/* "Function\tsubject\tdocument", UTF-8. */
const char *stub_record(int32_t index)
{
    return index >= 0 && index < record_count ? records[index] : NULL;
}

/* Fires an event at the system's registered callback, from another thread. Returns 0 when no such system. */
int32_t stub_fire_event(const char *id, int32_t type, const char *data)
{
    pthread_mutex_lock(&lock);
    system_t *system = find_system(id);
    HCS_EVENT_CALLBACK callback = system == NULL ? NULL : system->callback;
    void *context = system == NULL ? NULL : system->context;
    pthread_mutex_unlock(&lock);
    if (callback == NULL) {
        return 0;
    }
    fire(callback, context, type, data);
    return 1;
}

/* The next count HcsCreateProcess waits fail with E_INVALIDARG although the process exists (Windows Server 2022). */
void stub_spurious_process_waits(int32_t count)
{
    pthread_mutex_lock(&lock);
    spurious_process_waits = count;
    pthread_mutex_unlock(&lock);
}

/* Ends the system's running processes with exit_code, as if they exited on their own. */
int32_t stub_exit_processes(const char *id, int32_t exit_code)
{
    pthread_mutex_lock(&lock);
    int count = 0;
    for (int i = 0; i < MAX_PROCESSES; i++) {
        if (processes[i] != NULL && strcmp(processes[i]->system->id, id) == 0) {
            settle(processes[i]);
            count += !processes[i]->exited;
            end_process(processes[i], exit_code);
        }
    }
    pthread_mutex_unlock(&lock);
    return count;
}

/* counters: 0 allocated documents, 1 freed, 2 bad frees, 3 live operations, 4 live system handles, 5 live processes,
 * 6 live pipes, 7 operations closed while pending, 8 HcsCancelOperation calls, 9 systems known, 10 calls with a handle
 * that was never handed out or was closed already, 11 waits on an operation that had already timed out, 12 reads of
 * an overlapped handle without an OVERLAPPED, 13 live events, 14 scratch layers still active, 15 layer calls out of
 * vmcompute's order */
int32_t stub_counter(int32_t which)
{
    pthread_mutex_lock(&lock);
    int systems_known = 0;
    int layers_active = 0;
    for (int i = 0; i < MAX_LAYERS; i++) {
        layers_active += layer_states[i].path != NULL && layer_states[i].active;
    }
    for (system_t *s = systems; s != NULL; s = s->next) {
        systems_known++;
    }
    int values[] = {allocated_total, freed_total, bad_frees, live_operations, live_system_handles, live_processes, live_pipes,
            closed_pending_operations, cancel_calls, systems_known, bad_handles, waits_after_timeout, sync_reads, live_events, layers_active,
            layer_order_violations};
    int result = which >= 0 && which < (int) (sizeof(values) / sizeof(values[0])) ? values[which] : -1;
    pthread_mutex_unlock(&lock);
    return result;
}
