// A property test's verifier of a rule set (the test's own kind: the interview's of
// `klappt fragen`, the ways' of `klappt check --wege`) together with the random generator of
// the test's seed (the same cases in every run) and the counts the verifier keeps.
#pragma once

#include <cstdint>
#include <random>
#include <utility>

#include "engine/runtime/program.hpp"

namespace klappt::testing {

template <typename Verifier, typename Stats>
struct SeededVerifier {
    SeededVerifier(const Program& program, std::uint32_t seed) : verifier(program), rng(seed) {}

    // The verifier's check of `what` (a case and what to vary in it), drawing on `rng` and
    // counted in `stats`.
    template <typename... What>
    void verify(What&&... what) {
        verifier.verify(std::forward<What>(what)..., rng, stats);
    }

    Verifier verifier;
    std::mt19937 rng;
    Stats stats;
};

}  // namespace klappt::testing
