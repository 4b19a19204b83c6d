// klappt batch's worker threads: each with its own case runner and reused Case, taking
// chunks of rows in order.  Private to engine/batch.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/batch/result_writer.hpp"
#include "engine/batch/row_chunks.hpp"
#include "engine/result/case_runner.hpp"

namespace klappt::batch_detail {

// What one thread needs to evaluate cases, reused for every case.
struct WorkerState {
    explicit WorkerState(const Program& program) : runner(program) {}
    CaseRunner runner;
    Case kase;
    std::vector<std::string_view> cells;
};

// Runs `kase` and appends its result.  An evaluation error (overflow, a parameter
// without a valid value …) appends a `fehler` record instead and returns its message.
std::optional<std::string> evaluate_case(CaseRunner& runner, const ResultWriter& writer, const Case& kase,
                                         std::string& out);

// Parses, evaluates and formats every row of `chunk` into chunk.out; bad rows become
// `fehler` records and messages, the others still go through.
void process_chunk(WorkerState& w, const ResultWriter& writer, Chunk& chunk);

// Worker threads, each with its own Evaluator; chunks are handed out in order and
// their completion awaited in order by the reading thread.
class WorkerPool {
public:
    WorkerPool(unsigned threads, const Program& program, const ResultWriter& writer) : writer_(writer) {
        for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this, &program] { run(program); });
    }
    ~WorkerPool() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        work_.notify_all();
        for (auto& t : threads_) t.join();
    }
    void submit(Chunk& chunk) {
        {
            std::lock_guard lock(mutex_);
            chunk.done = false;
            queue_.push_back(&chunk);
        }
        work_.notify_one();
    }
    void wait(Chunk& chunk) {
        std::unique_lock lock(mutex_);
        done_.wait(lock, [&] { return chunk.done; });
    }

private:
    void run(const Program& program) {
        WorkerState state(program);
        for (;;) {
            Chunk* chunk;
            {
                std::unique_lock lock(mutex_);
                work_.wait(lock, [&] { return stop_ || !queue_.empty(); });
                if (queue_.empty()) return;
                chunk = queue_.front();
                queue_.pop_front();
            }
            try {
                process_chunk(state, writer_, *chunk);
            } catch (...) {
                chunk->failure = std::current_exception();
            }
            {
                std::lock_guard lock(mutex_);
                chunk->done = true;
            }
            done_.notify_all();
        }
    }

    const ResultWriter& writer_;
    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::condition_variable work_, done_;
    std::deque<Chunk*> queue_;
    bool stop_ = false;
};

}  // namespace klappt::batch_detail
