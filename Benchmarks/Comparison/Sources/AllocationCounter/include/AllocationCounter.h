#ifndef ALLOCATION_COUNTER_H
#define ALLOCATION_COUNTER_H

#include <stdint.h>

/// Allocation calls (malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign) made by
/// every thread of the process since it started. Readable only when this library is preloaded.
int64_t allocation_counter_calls(void);

/// Bytes requested by those calls.
int64_t allocation_counter_bytes(void);

#endif
