// A bump allocator for everything one case needs (texts, records, lists,
// module frames).  reset() keeps the blocks, so evaluating the next case
// allocates nothing from the heap once the arena has grown to its working size.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>
#include <vector>

namespace klappt {

class Arena {
public:
    explicit Arena(std::size_t block_size = 16 * 1024) : block_size_(block_size) {}
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;
    Arena(Arena&&) = default;
    Arena& operator=(Arena&&) = default;

    void* allocate(std::size_t bytes, std::size_t align = alignof(std::max_align_t)) {
        for (;;) {
            if (current_ < blocks_.size()) {
                std::size_t start = (offset_ + align - 1) & ~(align - 1);
                if (start + bytes <= blocks_[current_].size) {
                    offset_ = start + bytes;
                    return blocks_[current_].data.get() + start;
                }
                ++current_;
                offset_ = 0;
                continue;
            }
            std::size_t size = bytes + align > block_size_ ? bytes + align : block_size_;
            blocks_.push_back({std::make_unique<std::byte[]>(size), size});
        }
    }

    template <typename T>
    T* make_array(std::size_t n) {
        T* p = static_cast<T*>(allocate(sizeof(T) * (n ? n : 1), alignof(T)));
        for (std::size_t i = 0; i < n; ++i) new (p + i) T();
        return p;
    }

    std::string_view copy(std::string_view s) {
        if (s.empty()) return {};
        char* p = static_cast<char*>(allocate(s.size(), 1));
        std::memcpy(p, s.data(), s.size());
        return {p, s.size()};
    }

    void reset() {
        current_ = 0;
        offset_ = 0;
    }

private:
    struct Block {
        std::unique_ptr<std::byte[]> data;
        std::size_t size;
    };
    std::vector<Block> blocks_;
    std::size_t current_ = 0;
    std::size_t offset_ = 0;
    std::size_t block_size_;
};

}  // namespace klappt
