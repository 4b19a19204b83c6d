// libFuzzer entry point: a Zuwendungsbescheid (YAML) with the bundled forwarding list
// through the finance rule set and all three report forms.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_finance.hpp"

using namespace klappt;

namespace {
SourceRef forwardings;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::finance() = fuzz::load_or_die(fuzz::finance_directory());
    forwardings = fuzz::finance_example_or_die("weiterleitungen.csv");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::run_finance(fuzz::source(data, size, "bescheid.yaml"), forwardings);
    return 0;
}
