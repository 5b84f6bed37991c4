// glibc's allocator told to keep freed memory for reuse (see BufferPool.allocatorPolicy, which
// calls this once). In C because Swift's Glibc module does not export <malloc.h>.
#include "CKernels.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void lk_allocator_keep_freed(void) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 0x7fffffff);
#endif
}
