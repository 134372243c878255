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

/* 2. swift_once: its fast path is an acquire load Helgrind does not see. The caller that may have
      run the initializer publishes it; every caller then receives it. */
void I_WRAP_SONAME_FNNAME_ZZ(libswiftCoreZdso, swiftZuonce)(int32_t *predicate, void *fn, void *context) {
    OrigFn orig;
    VALGRIND_GET_ORIG_FN(orig);
    int done = __atomic_load_n(predicate, __ATOMIC_ACQUIRE) < 0;
    CALL_FN_v_WWW(orig, predicate, fn, context);
    if (!done) ANNOTATE_HAPPENS_BEFORE(predicate);
    ANNOTATE_HAPPENS_AFTER(predicate);
}

/* 3. libdispatch and the Swift concurrency runtime hand work between threads with atomics and
      futexes. Coarsely: whatever is handed over happens before whatever runs it. */
static char handoff;
#define SEND ANNOTATE_HAPPENS_BEFORE(&handoff)
#define RECV ANNOTATE_HAPPENS_AFTER(&handoff)

#define RUN2(soname, name) \
    void I_WRAP_SONAME_FNNAME_ZZ(soname, name)(void *a, void *b) { \
        OrigFn orig; VALGRIND_GET_ORIG_FN(orig); RECV; CALL_FN_v_WW(orig, a, b); SEND; }
#define RUN3(soname, name) \
    void I_WRAP_SONAME_FNNAME_ZZ(soname, name)(void *a, void *b, void *c) { \
        OrigFn orig; VALGRIND_GET_ORIG_FN(orig); RECV; CALL_FN_v_WWW(orig, a, b, c); SEND; }
#define GIVE1(soname, name) \
    long I_WRAP_SONAME_FNNAME_ZZ(soname, name)(void *a) { \
        OrigFn orig; long r; VALGRIND_GET_ORIG_FN(orig); SEND; CALL_FN_W_W(r, orig, a); RECV; return r; }
#define GIVE2(soname, name) \
    long I_WRAP_SONAME_FNNAME_ZZ(soname, name)(void *a, void *b) { \
        OrigFn orig; long r; VALGRIND_GET_ORIG_FN(orig); SEND; CALL_FN_W_WW(r, orig, a, b); RECV; return r; }
#define GIVE3(soname, name) \
    long I_WRAP_SONAME_FNNAME_ZZ(soname, name)(void *a, void *b, void *c) { \
        OrigFn orig; long r; VALGRIND_GET_ORIG_FN(orig); SEND; CALL_FN_W_WWW(r, orig, a, b, c); RECV; return r; }
#define GIVE4(soname, name) \
    long I_WRAP_SONAME_FNNAME_ZZ(soname, name)(void *a, void *b, void *c, void *d) { \
        OrigFn orig; long r; VALGRIND_GET_ORIG_FN(orig); SEND; CALL_FN_W_WWWW(r, orig, a, b, c, d); RECV; return r; }
#define GIVE6(soname, name) \
    long I_WRAP_SONAME_FNNAME_ZZ(soname, name)(void *a, void *b, void *c, void *d, void *e, void *f) { \
        OrigFn orig; long r; VALGRIND_GET_ORIG_FN(orig); SEND; CALL_FN_W_6W(r, orig, a, b, c, d, e, f); RECV; return r; }

/* Where submitted work runs. */
RUN2(libdispatchZdso, ZudispatchZuclientZucallout)
RUN3(libdispatchZdso, ZudispatchZuclientZucallout2)
RUN3(libswiftZuConcurrencyZdso, swiftZujobZurun)
/* Where work is submitted, released or waited for. */
GIVE2(libdispatchZdso, dispatchZuasync)
GIVE3(libdispatchZdso, dispatchZuasyncZuf)
GIVE2(libdispatchZdso, dispatchZubarrierZuasync)
GIVE3(libdispatchZdso, dispatchZubarrierZuasyncZuf)
GIVE2(libdispatchZdso, dispatchZusync)
GIVE3(libdispatchZdso, dispatchZusyncZuf)
GIVE2(libdispatchZdso, dispatchZubarrierZusync)
GIVE3(libdispatchZdso, dispatchZubarrierZusyncZuf)
GIVE3(libdispatchZdso, dispatchZuafter)
GIVE4(libdispatchZdso, dispatchZuafterZuf)
GIVE3(libdispatchZdso, dispatchZugroupZuasync)
GIVE4(libdispatchZdso, dispatchZugroupZuasyncZuf)
GIVE3(libdispatchZdso, dispatchZugroupZunotify)
GIVE4(libdispatchZdso, dispatchZugroupZunotifyZuf)
GIVE1(libdispatchZdso, dispatchZugroupZuleave)
GIVE2(libdispatchZdso, dispatchZugroupZuwait)
GIVE1(libdispatchZdso, dispatchZusemaphoreZusignal)
GIVE2(libdispatchZdso, dispatchZusemaphoreZuwait)
GIVE1(libswiftZuConcurrencyZdso, swiftZutaskZuenqueueGlobal)
GIVE2(libswiftZuConcurrencyZdso, swiftZutaskZuenqueueGlobalWithDelay)
GIVE6(libswiftZuConcurrencyZdso, swiftZutaskZuenqueueGlobalWithDeadline)
GIVE1(libswiftZuConcurrencyZdso, swiftZutaskZuenqueueMainExecutor)
GIVE3(libswiftZuConcurrencyZdso, swiftZutaskZuenqueue)
GIVE1(libswiftZuConcurrencyZdso, swiftZucontinuationZuresume)
GIVE1(libswiftZuConcurrencyZdso, swiftZucontinuationZuthrowingResume)
GIVE2(libswiftZuConcurrencyZdso, swiftZucontinuationZuthrowingResumeWithError)

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
