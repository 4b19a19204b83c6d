// Replaces the global operator new/delete with versions that count allocations, so a
// benchmark or test can show that evaluating a case allocates nothing from the heap.
// Include it in exactly one translation unit of a program (it defines the operators).
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace klappt::counting {
inline std::atomic<std::uint64_t> allocations{0};
}

// (GCC cannot see that these delete operators pair with the malloc in operator new.)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) {
    klappt::counting::allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
// The nothrow forms too: left to the runtime (AddressSanitizer's, for one) they would
// allocate with its own operator new, and the free() below would not match it.
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    klappt::counting::allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t& tag) noexcept { return operator new(n, tag); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
