/* Preloaded into the test process by scripts/valgrind.sh (Helgrind); built there with cc. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <valgrind/valgrind.h>
#include <valgrind/helgrind.h>

/* 1. libdispatch's signal thread calls sigsuspend with a mask in read-only memory; Valgrind 3.19
      writes to that mask and dies. Hand it a copy on the stack. */
int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, _NSIG / 8);
}

/* 2. swift_once: its fast path is an acquire load Helgrind does not see. The initializer
      publishes its work before swift_once marks the token done (a trampoline runs it), and every
      caller receives it. */
struct once_call { int32_t *predicate; void (*fn)(void *); void *context; };

static void once_trampoline(void *argument) {
    struct once_call *call = argument;
    call->fn(call->context);
    ANNOTATE_HAPPENS_BEFORE(call->predicate);
}

void I_WRAP_SONAME_FNNAME_ZZ(libswiftCoreZdso, swiftZuonce)(int32_t *predicate, void (*fn)(void *), void *context) {
    OrigFn orig;
    struct once_call call = { predicate, fn, context };
    VALGRIND_GET_ORIG_FN(orig);
    CALL_FN_v_WWW(orig, predicate, once_trampoline, &call);
    ANNOTATE_HAPPENS_AFTER(predicate);
}

/* 3. libdispatch and the Swift concurrency runtime hand work between threads with atomics and
      futexes. Tell Helgrind about each hand-off, keyed as narrowly as can be known from outside:
      - a queue: submitting to it happens before its blocks run; on a serial queue (any queue but
        the global ones) each block happens before the next;
      - a semaphore: a signal happens before the wait it releases;
      - a group: every block that has finished happens before a wait or notify on any group
        (one token for all groups: the group a block belongs to is not known where it runs);
      - a Swift job (a task): enqueueing it or resuming its continuation happens before it runs,
        and each partial run happens before the next. */
#include <dlfcn.h>
#define SEND(key) ANNOTATE_HAPPENS_BEFORE(key)
#define RECV(key) ANNOTATE_HAPPENS_AFTER(key)
static char groups;

static void *(*get_current_queue)(void);
static void *(*get_global_queue)(long, unsigned long);

/* Resolved before any thread exists (libdispatch is mapped by then). */
__attribute__((constructor)) static void resolve(void) {
    get_current_queue = (void *(*)(void))dlsym(RTLD_DEFAULT, "dispatch_get_current_queue");
    get_global_queue = (void *(*)(long, unsigned long))dlsym(RTLD_DEFAULT, "dispatch_get_global_queue");
}

static void *current_queue(void) { return get_current_queue ? get_current_queue() : 0; }

static int is_global_queue(void *queue) {
    static const long classes[] = {0x21, 0x19, 0x15, 0x11, 0x09, 0x00};
    if (!get_global_queue) return 1;
    for (unsigned i = 0; i < sizeof classes / sizeof classes[0]; i++)
        if (get_global_queue(classes[i], 0) == queue) return 1;
    return 0;
}

/* Where a block runs. */
static void run_begin(void **queue, int *serial) {
    *queue = current_queue();
    *serial = *queue && !is_global_queue(*queue);
    if (*queue) RECV(*queue);
}
static void run_end(void *queue, int serial) {
    if (serial) SEND(queue);
    SEND(&groups);
}
void I_WRAP_SONAME_FNNAME_ZZ(libdispatchZdso, ZudispatchZuclientZucallout)(void *a, void *b) {
    OrigFn orig; void *q; int serial;
    VALGRIND_GET_ORIG_FN(orig);
    run_begin(&q, &serial);
    CALL_FN_v_WW(orig, a, b);
    run_end(q, serial);
}
void I_WRAP_SONAME_FNNAME_ZZ(libdispatchZdso, ZudispatchZuclientZucallout2)(void *a, void *b, void *c) {
    OrigFn orig; void *q; int serial;
    VALGRIND_GET_ORIG_FN(orig);
    run_begin(&q, &serial);
    CALL_FN_v_WWW(orig, a, b, c);
    run_end(q, serial);
}

/* Where a block is submitted: KEY is the argument that names the queue. */
#define SUBMIT2(name, key) \
    long I_WRAP_SONAME_FNNAME_ZZ(libdispatchZdso, name)(void *a, void *b) { \
        OrigFn orig; long r; VALGRIND_GET_ORIG_FN(orig); SEND(key); CALL_FN_W_WW(r, orig, a, b); return r; }
#define SUBMIT3(name, key) \
    long I_WRAP_SONAME_FNNAME_ZZ(libdispatchZdso, name)(void *a, void *b, void *c) { \
        OrigFn orig; long r; VALGRIND_GET_ORIG_FN(orig); SEND(key); CALL_FN_W_WWW(r, orig, a, b, c); return r; }
#define SUBMIT4(name, key) \
    long I_WRAP_SONAME_FNNAME_ZZ(libdispatchZdso, name)(void *a, void *b, void *c, void *d) { \
        OrigFn orig; long r; VALGRIND_GET_ORIG_FN(orig); SEND(key); CALL_FN_W_WWWW(r, orig, a, b, c, d); return r; }
SUBMIT2(dispatchZuasync, a)
SUBMIT3(dispatchZuasyncZuf, a)
SUBMIT2(dispatchZubarrierZuasync, a)
SUBMIT3(dispatchZubarrierZuasyncZuf, a)
SUBMIT2(dispatchZusync, a)
SUBMIT3(dispatchZusyncZuf, a)
SUBMIT2(dispatchZubarrierZusync, a)
SUBMIT3(dispatchZubarrierZusyncZuf, a)
SUBMIT3(dispatchZuafter, b)
SUBMIT4(dispatchZuafterZuf, b)
SUBMIT3(dispatchZugroupZuasync, b)
SUBMIT4(dispatchZugroupZuasyncZuf, b)

/* Semaphores and groups. */
long I_WRAP_SONAME_FNNAME_ZZ(libdispatchZdso, dispatchZusemaphoreZusignal)(void *s) {
    OrigFn orig; long r; VALGRIND_GET_ORIG_FN(orig); SEND(s); CALL_FN_W_W(r, orig, s); return r;
}
long I_WRAP_SONAME_FNNAME_ZZ(libdispatchZdso, dispatchZusemaphoreZuwait)(void *s, void *timeout) {
    OrigFn orig; long r; VALGRIND_GET_ORIG_FN(orig); CALL_FN_W_WW(r, orig, s, timeout); if (r == 0) RECV(s); return r;
}
void I_WRAP_SONAME_FNNAME_ZZ(libdispatchZdso, dispatchZugroupZuleave)(void *g) {
    OrigFn orig; VALGRIND_GET_ORIG_FN(orig); SEND(&groups); CALL_FN_v_W(orig, g);
}
long I_WRAP_SONAME_FNNAME_ZZ(libdispatchZdso, dispatchZugroupZuwait)(void *g, void *timeout) {
    OrigFn orig; long r; VALGRIND_GET_ORIG_FN(orig); CALL_FN_W_WW(r, orig, g, timeout); if (r == 0) RECV(&groups); return r;
}
/* A notify block runs through a callout on its queue; it receives the groups' token there. */
void I_WRAP_SONAME_FNNAME_ZZ(libdispatchZdso, dispatchZugroupZunotify)(void *g, void *q, void *b) {
    OrigFn orig; VALGRIND_GET_ORIG_FN(orig); SEND(q); CALL_FN_v_WWW(orig, g, q, b);
}
void I_WRAP_SONAME_FNNAME_ZZ(libdispatchZdso, dispatchZugroupZunotifyZuf)(void *g, void *q, void *c, void *f) {
    OrigFn orig; VALGRIND_GET_ORIG_FN(orig); SEND(q); CALL_FN_v_WWWW(orig, g, q, c, f);
}

/* Swift jobs: keyed by the job (a task is its own job across its partial runs). */
void I_WRAP_SONAME_FNNAME_ZZ(libswiftZuConcurrencyZdso, swiftZujobZurun)(void *job, void *e1, void *e2) {
    OrigFn orig; VALGRIND_GET_ORIG_FN(orig); RECV(job); CALL_FN_v_WWW(orig, job, e1, e2); SEND(job);
}
#define GIVE_JOB1(name) \
    void I_WRAP_SONAME_FNNAME_ZZ(libswiftZuConcurrencyZdso, name)(void *job) { \
        OrigFn orig; VALGRIND_GET_ORIG_FN(orig); SEND(job); CALL_FN_v_W(orig, job); }
GIVE_JOB1(swiftZutaskZuenqueueGlobal)
GIVE_JOB1(swiftZutaskZuenqueueMainExecutor)
GIVE_JOB1(swiftZucontinuationZuresume)
GIVE_JOB1(swiftZucontinuationZuthrowingResume)
void I_WRAP_SONAME_FNNAME_ZZ(libswiftZuConcurrencyZdso, swiftZucontinuationZuthrowingResumeWithError)(void *job, void *error) {
    OrigFn orig; VALGRIND_GET_ORIG_FN(orig); SEND(job); CALL_FN_v_WW(orig, job, error);
}
void I_WRAP_SONAME_FNNAME_ZZ(libswiftZuConcurrencyZdso, swiftZutaskZuenqueue)(void *job, void *e1, void *e2) {
    OrigFn orig; VALGRIND_GET_ORIG_FN(orig); SEND(job); CALL_FN_v_WWW(orig, job, e1, e2);
}
void I_WRAP_SONAME_FNNAME_ZZ(libswiftZuConcurrencyZdso, swiftZutaskZuenqueueGlobalWithDelay)(void *delay, void *job) {
    OrigFn orig; VALGRIND_GET_ORIG_FN(orig); SEND(job); CALL_FN_v_WW(orig, delay, job);
}
void I_WRAP_SONAME_FNNAME_ZZ(libswiftZuConcurrencyZdso, swiftZutaskZuenqueueGlobalWithDeadline)(void *s, void *ns, void *ts, void *tns, void *clock, void *job) {
    OrigFn orig; VALGRIND_GET_ORIG_FN(orig); SEND(job); CALL_FN_v_6W(orig, s, ns, ts, tns, clock, job);
}

/* 4. Type metadata and witness tables are published lock-free by the runtime; they are never
      program data. Helgrind does not track them. */
void *I_WRAP_SONAME_FNNAME_ZZ(libswiftCoreZdso, ZuZZN5swift17MetadataAllocator8AllocateEmm)(void *self, unsigned long size, unsigned long align) {
    OrigFn orig;
    void *r;
    VALGRIND_GET_ORIG_FN(orig);
    CALL_FN_W_WWW(r, orig, self, size, align);
    if (r) VALGRIND_HG_DISABLE_CHECKING(r, size);
    return r;
}
